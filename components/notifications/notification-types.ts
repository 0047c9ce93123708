export type NotificationItem = { id: string; kind: string; title: string; body: string; href: string; createdAt: string; read: boolean };
/** `viewer`: whose feed it is, so a page drawn for one person notices another having signed in since (another tab). */
export type NotificationFeed = { viewer: string; unread: number; waiting: number; items: NotificationItem[] };

/**
 * What, changed between two polls, means the page may be out of date: something new arrived, or what waits for the
 * person changed (a request decided or withdrawn). Reading one's own notices (unread going down) does not.
 */
export function feedChangeKey(feed: Pick<NotificationFeed, "waiting" | "items">): string {
  return `${feed.waiting}:${feed.items[0]?.id ?? ""}`;
}

export const NOTIFICATIONS_QUERY_KEY = ["notifications"] as const;

export async function fetchNotifications(): Promise<NotificationFeed | null> {
  const response = await fetch("/api/notifications", { cache: "no-store", credentials: "same-origin" });
  // Signed out (here or in another tab): no one's feed.
  if (response.status === 401) return null;
  if (!response.ok) throw new Error(`notifications: HTTP ${response.status}`);
  return (await response.json()) as NotificationFeed;
}
