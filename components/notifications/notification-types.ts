export type NotificationItem = { id: string; kind: string; title: string; body: string; href: string; createdAt: string; read: boolean };
export type NotificationFeed = { unread: number; waiting: number; items: NotificationItem[] };

export const NOTIFICATIONS_QUERY_KEY = ["notifications"] as const;

export async function fetchNotifications(): Promise<NotificationFeed> {
  const response = await fetch("/api/notifications", { cache: "no-store", credentials: "same-origin" });
  if (!response.ok) throw new Error(`notifications: HTTP ${response.status}`);
  return (await response.json()) as NotificationFeed;
}
