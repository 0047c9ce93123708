"use client";

import { useEffect, useId, useRef } from "react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { markNotificationsReadAction } from "@/lib/actions/notifications/mark-notifications-read";
import { cn } from "@/lib/utils";
import { bellLabel, BellIcon } from "./bell-icon";
import { markReadLabel } from "./mark-read-label";
import type { NotificationFeed, NotificationItem } from "./notification-types";

function when(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

function NotificationLink({ item, markRead }: { item: NotificationItem; markRead: (ids: string[]) => Promise<void> }) {
  return (
    <DropdownMenuItem asChild className="items-start">
      <Link href={item.href} onClick={() => (item.read ? undefined : void markRead([item.id]))} className="grid gap-0.5">
        <span className={cn("flex items-center gap-2 text-sm", !item.read && "font-semibold")}>
          {!item.read ? <span aria-hidden className="bg-primary size-1.5 shrink-0 rounded-full" /> : null}
          {item.title}
          {!item.read ? <span className="sr-only">(unread)</span> : null}
        </span>
        {/* Whole, never clamped: a notice can be the only place that says it (finance's "the funding account is short"
            names the balance and what was needed, which the request page does not); the menu scrolls. */}
        <span className="text-muted-foreground text-xs">{item.body}</span>
        <span className="text-muted-foreground text-[0.7rem]">{when(item.createdAt)}</span>
      </Link>
    </DropdownMenuItem>
  );
}

/** A run of notices under a small heading that also names it for screen readers (a menu group), or bare without one. */
function NotificationGroup({ heading, items, markRead }: { heading: string | null; items: NotificationItem[]; markRead: (ids: string[]) => Promise<void> }) {
  const headingId = useId();
  const links = items.map((item) => <NotificationLink key={item.id} item={item} markRead={markRead} />);
  if (!heading) return <>{links}</>;
  return (
    <div role="group" aria-labelledby={headingId}>
      <DropdownMenuLabel id={headingId} className="text-muted-foreground py-1 text-xs">
        {heading}
      </DropdownMenuLabel>
      {links}
    </div>
  );
}

/**
 * The bell's menu (radix dropdown: roles, arrow keys, focus return), loaded by NotificationBell on first use and shown
 * open; the feed and its refresh stay with the bell, which polls. Every control in it is a menu item, so the arrow keys
 * reach them all. Not modal: a modal menu hides the rest of the app with aria-hidden while its controls stay
 * focusable; Escape and a click outside still close it, and focus still returns to the bell.
 */
export function NotificationMenu({ feed, refresh, defaultOpen, openedByKey }: { feed: NotificationFeed; refresh: () => Promise<void>; defaultOpen?: boolean; openedByKey?: boolean }) {
  const content = useRef<HTMLDivElement>(null);
  // Radix moves focus to the first item of a menu opened from the keyboard, but this one mounts already open, after
  // the key that opened it (NotificationBell's click), and focuses the menu itself: pass that first focus on to the
  // newest notification when the bell was opened by a key. The bell says so: this module may still have been loading
  // when the key was pressed, so it cannot watch for it itself.
  const entryPending = useRef(Boolean(defaultOpen && openedByKey));
  // The feed lists unread notices first. "Mark all read" marks the unread notices listed here and no others (not one
  // written since the last poll, nor one past the list's end); when the badge counts more, it says how many it marks
  // ("Mark these 20 read") and the refreshed feed brings up the next ones, the item staying focused and in view. It
  // disappears once none is left; if focus went with it, it moves to the last item left.
  const unreadItems = feed.items.filter((item) => !item.read);
  const earlierItems = feed.items.filter((item) => item.read);
  const shownUnread = unreadItems.map((item) => item.id);
  const refocus = useRef(false);
  const markRead = async (ids: string[]) => {
    const result = await markNotificationsReadAction({ ids });
    if (result.ok) await refresh();
  };
  useEffect(() => {
    if (!refocus.current) return;
    const menu = content.current;
    if (shownUnread.length > 0) {
      // The next unread ones came up and the list above the focused item changed length: keep it in view.
      if (menu && document.activeElement instanceof HTMLElement && menu.contains(document.activeElement)) document.activeElement.scrollIntoView({ block: "nearest" });
      return;
    }
    refocus.current = false;
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
      {/* Up to 20 notices are taller than a phone's screen, or a laptop's: the menu scrolls within the space below the bell, clear of the screen's edges. */}
      <DropdownMenuContent
        ref={content}
        onFocus={(event) => {
          if (!entryPending.current || event.target !== event.currentTarget) return;
          entryPending.current = false;
          event.currentTarget.querySelector<HTMLElement>("[role=menuitem]")?.focus();
        }}
        align="end"
        collisionPadding={8}
        className="max-h-(--radix-dropdown-menu-content-available-height) w-[min(22rem,calc(100vw-2rem))] overflow-y-auto">
        <DropdownMenuLabel>Notifications</DropdownMenuLabel>
        <DropdownMenuSeparator />
        {feed.items.length === 0 ? (
          // An item (disabled), not a paragraph: a menu holds menu items, and a screen reader reads an empty one as broken.
          <DropdownMenuItem disabled className="text-muted-foreground justify-center px-2 py-6 text-center data-[disabled]:opacity-100">
            Nothing yet. What needs your attention appears here.
          </DropdownMenuItem>
        ) : (
          <>
            {unreadItems.length > 0 ? <NotificationGroup heading="Unread" items={unreadItems} markRead={markRead} /> : null}
            {unreadItems.length > 0 && earlierItems.length > 0 ? <DropdownMenuSeparator /> : null}
            {/* With nothing unread the list needs no headings. */}
            {earlierItems.length > 0 ? <NotificationGroup heading={unreadItems.length > 0 ? "Earlier" : null} items={earlierItems} markRead={markRead} /> : null}
          </>
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
              {markReadLabel({ listedUnread: shownUnread.length, unread: feed.unread })}
            </DropdownMenuItem>
          </>
        ) : null}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
