import { and, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { notifications, type NotificationKind } from "@/db/schema/notifications";

export type NotificationRow = typeof notifications.$inferSelect;

export type NewNotification = {
  organizationId: string;
  recipientUserId: string;
  eventKey: string;
  kind: NotificationKind;
  title: string;
  body: string;
  href: string;
};

/** Inserts what is new; a (recipient, event) pair already notified is skipped by the unique index. */
export async function insertNotifications(db: DbOrTx, rows: NewNotification[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db.insert(notifications).values(rows).onConflictDoNothing({ target: [notifications.recipientUserId, notifications.eventKey] }).returning({ id: notifications.id });
  return inserted.length;
}

/**
 * The bell's list: the person's unread notices first, newest first, then the newest read ones up to `limit`. Unread
 * first, so an unread notice older than the newest page is still listed, and "Mark these read" can reach it. Each part
 * walks its own index in list order; the read ones are read only when fewer than `limit` are unread.
 */
export async function listNotifications(db: DbOrTx, params: { recipientUserId: string; limit: number }): Promise<NotificationRow[]> {
  const unread = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.recipientUserId, params.recipientUserId), isNull(notifications.readAt)))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(params.limit);
  if (unread.length >= params.limit) return unread;
  const read = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.recipientUserId, params.recipientUserId), isNotNull(notifications.readAt)))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(params.limit - unread.length);
  // One marked read between the two reads would otherwise be listed twice.
  const listed = new Set(unread.map((row) => row.id));
  return [...unread, ...read.filter((row) => !listed.has(row.id))];
}

export async function countUnreadNotifications(db: DbOrTx, params: { recipientUserId: string }): Promise<number> {
  const [row] = await db
    .select({ value: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.recipientUserId, params.recipientUserId), isNull(notifications.readAt)));
  return row?.value ?? 0;
}

/**
 * Marks one event's notifications read for everyone it reached: what they asked for was done (by them or another).
 * With a `title`, every one of them, read already or not, is retitled to say so. Returns how many it touched.
 */
export async function markEventRead(
  db: DbOrTx,
  params: { organizationId: string; eventKey: string; title?: string; titleFor?: { recipientUserId: string; title: string } },
): Promise<number> {
  const event = and(eq(notifications.eventKey, params.eventKey), eq(notifications.organizationId, params.organizationId));
  // One recipient (whoever acted) may read their own words ("you approved it") where the others read a name.
  const title = params.titleFor
    ? sql<string>`case when ${notifications.recipientUserId} = ${params.titleFor.recipientUserId} then ${params.titleFor.title} else ${params.title ?? notifications.title} end`
    : params.title;
  const rows = await db
    .update(notifications)
    .set(title ? { readAt: sql`coalesce(${notifications.readAt}, now())`, title } : { readAt: new Date() })
    .where(title ? event : and(event, isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

/**
 * Marks the given notifications of this recipient read; others' rows are never touched. Always by id, never "all":
 * only what the person was shown is marked, not what arrived since the menu last polled or lies past its page.
 */
export async function markNotificationsRead(db: DbOrTx, params: { recipientUserId: string; ids: readonly string[] }): Promise<number> {
  if (params.ids.length === 0) return 0;
  const rows = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.recipientUserId, params.recipientUserId), isNull(notifications.readAt), inArray(notifications.id, [...params.ids])))
    .returning({ id: notifications.id });
  return rows.length;
}
