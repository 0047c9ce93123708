import { Bell } from "lucide-react";
import type { NotificationFeed } from "./notification-types";

export function bellLabel(feed: NotificationFeed): string {
  return feed.unread > 0 ? `Notifications, ${feed.unread} unread` : "Notifications";
}

/** The bell with its unread badge: the same inside the light trigger and the loaded menu's trigger. */
export function BellIcon({ unread }: { unread: number }) {
  return (
    <>
      <Bell aria-hidden />
      {unread > 0 ? (
        <span aria-hidden className="bg-destructive absolute -top-0.5 -right-0.5 flex min-w-4 items-center justify-center rounded-full px-1 text-[0.65rem] leading-4 font-semibold text-white tabular-nums">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </>
  );
}
