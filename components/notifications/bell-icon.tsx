import type { NotificationFeed } from "./notification-types";

export function bellLabel(feed: NotificationFeed): string {
  return feed.unread > 0 ? `Notifications, ${feed.unread} unread` : "Notifications";
}

/**
 * lucide's Bell as plain markup (same paths, attributes and classes): the bell is in every page's first load, and the
 * icon component would bring lucide's runtime with it to pages that have no other icon in client code.
 */
function Bell() {
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      width={24}
      height={24}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      className="lucide lucide-bell"
      aria-hidden="true"
    >
      <path d="M10.268 21a2 2 0 0 0 3.464 0" />
      <path d="M3.262 15.326A1 1 0 0 0 4 17h16a1 1 0 0 0 .74-1.673C19.41 13.956 18 12.499 18 8A6 6 0 0 0 6 8c0 4.499-1.411 5.956-2.738 7.326" />
    </svg>
  );
}

/** The bell with its unread badge: the same inside the light trigger and the loaded menu's trigger. */
export function BellIcon({ unread }: { unread: number }) {
  return (
    <>
      <Bell />
      {unread > 0 ? (
        <span aria-hidden className="bg-destructive absolute -top-0.5 -right-0.5 flex min-w-4 items-center justify-center rounded-full px-1 text-[0.65rem] leading-4 font-semibold text-white tabular-nums">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </>
  );
}
