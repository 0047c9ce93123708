"use client";

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
 * open; the feed and its refresh stay with the bell, which polls.
 */
export function NotificationMenu({ feed, refresh, defaultOpen }: { feed: NotificationFeed; refresh: () => Promise<void>; defaultOpen?: boolean }) {
  const markRead = async (ids?: string[]) => {
    const result = await markNotificationsReadAction({ ids });
    if (result.ok) await refresh();
  };
  const label = bellLabel(feed);
  return (
    <DropdownMenu defaultOpen={defaultOpen}>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" className="relative" aria-label={label}>
          <BellIcon unread={feed.unread} />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-[min(22rem,calc(100vw-2rem))]">
        <DropdownMenuLabel className="flex items-center justify-between gap-2">
          <span>Notifications</span>
          {feed.unread > 0 ? (
            <button type="button" className="text-primary text-xs font-normal underline-offset-4 hover:underline" onClick={() => void markRead()}>
              Mark all read
            </button>
          ) : null}
        </DropdownMenuLabel>
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
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
