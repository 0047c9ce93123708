"use client";

import { useEffect, useRef } from "react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { markNotificationsReadAction } from "@/lib/actions/notifications/mark-notifications-read";
import { cn } from "@/lib/utils";
import { bellLabel, BellIcon } from "./bell-icon";
import type { NotificationFeed } from "./notification-types";

function when(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

/**
 * The bell's menu (radix dropdown: roles, arrow keys, focus return), loaded by NotificationBell on first use and shown
 * open; the feed and its refresh stay with the bell, which polls. Every control in it is a menu item, so the arrow keys
 * reach them all. Not modal: a modal menu hides the rest of the app with aria-hidden while its controls stay
 * focusable; Escape and a click outside still close it, and focus still returns to the bell.
 */
export function NotificationMenu({ feed, refresh, defaultOpen }: { feed: NotificationFeed; refresh: () => Promise<void>; defaultOpen?: boolean }) {
  const content = useRef<HTMLDivElement>(null);
  // "Mark all read" marks the unread notices listed here and no others (not one written since the last poll, nor one
  // past the list's end). It disappears once none is left; if focus went with it, it moves to the last item left.
  const shownUnread = feed.items.filter((item) => !item.read).map((item) => item.id);
  const refocus = useRef(false);
  const markRead = async (ids: string[]) => {
    const result = await markNotificationsReadAction({ ids });
    if (result.ok) await refresh();
  };
  useEffect(() => {
    if (!refocus.current || shownUnread.length > 0) return;
    refocus.current = false;
    const menu = content.current;
    if (!menu || (document.activeElement && document.activeElement !== document.body)) return;
    const items = menu.querySelectorAll<HTMLElement>("[role=menuitem]");
    (items[items.length - 1] ?? menu).focus();
  }, [shownUnread.length]);
  const label = bellLabel(feed);
  return (
    <DropdownMenu defaultOpen={defaultOpen} modal={false}>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" className="relative" aria-label={label}>
          <BellIcon unread={feed.unread} />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent ref={content} align="end" className="w-[min(22rem,calc(100vw-2rem))]">
        <DropdownMenuLabel>Notifications</DropdownMenuLabel>
        <DropdownMenuSeparator />
        {feed.items.length === 0 ? (
          <p className="text-muted-foreground px-2 py-6 text-center text-sm">Nothing yet. Approvals and outcomes of your requests appear here.</p>
        ) : (
          feed.items.map((item) => (
            <DropdownMenuItem key={item.id} asChild className="items-start">
              <Link href={item.href} onClick={() => (item.read ? undefined : void markRead([item.id]))} className="grid gap-0.5">
                <span className={cn("flex items-center gap-2 text-sm", !item.read && "font-semibold")}>
                  {!item.read ? <span aria-hidden className="bg-primary size-1.5 shrink-0 rounded-full" /> : null}
                  {item.title}
                  {!item.read ? <span className="sr-only">(unread)</span> : null}
                </span>
                <span className="text-muted-foreground line-clamp-2 text-xs">{item.body}</span>
                <span className="text-muted-foreground text-[0.7rem]">{when(item.createdAt)}</span>
              </Link>
            </DropdownMenuItem>
          ))
        )}
        {feed.waiting > 0 ? (
          <>
            <DropdownMenuSeparator />
            <DropdownMenuItem asChild>
              <Link href="/requests?tab=inbox" className="text-sm">
                {feed.waiting} {feed.waiting === 1 ? "request is" : "requests are"} waiting for you
              </Link>
            </DropdownMenuItem>
          </>
        ) : null}
        {shownUnread.length > 0 ? (
          <>
            <DropdownMenuSeparator />
            {/* Last, not first: opening the menu from the keyboard lands on the newest notification, not on this. */}
            <DropdownMenuItem
              className="text-primary text-xs"
              onSelect={(event) => {
                // The menu stays open, as the button did, so the now-read list is seen.
                event.preventDefault();
                refocus.current = true;
                void markRead(shownUnread);
              }}
            >
              Mark all read
            </DropdownMenuItem>
          </>
        ) : null}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
