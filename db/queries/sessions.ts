import { and, eq, isNull, ne, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { sessions } from "@/db/schema/sessions";

export type SessionRow = typeof sessions.$inferSelect;

export async function createSession(
  db: DbOrTx,
  params: { userId: string; expiresAt: Date; ip: string | null; userAgent: string | null },
): Promise<SessionRow> {
  const [row] = await db.insert(sessions).values(params).returning();
  if (!row) throw new Error("session insert returned nothing");
  return row;
}

export async function findSession(db: DbOrTx, id: string): Promise<SessionRow | null> {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, id)).limit(1);
  return row ?? null;
}

/**
 * Moves the session's last activity on. A page load pays for it every 30 s of use, so its commit does not wait for
 * the WAL to reach the disk (synchronous_commit off for this statement's own transaction, set in the statement): a
 * touch lost in a crash makes the session look idle sooner, never later. Refused inside a transaction: there the
 * setting would relax the commit of everything else that transaction writes.
 */
export async function touchSession(db: DbOrTx, params: { id: string; at: Date }): Promise<void> {
  if (db instanceof PgTransaction) throw new Error("touchSession runs on its own, never inside a transaction");
  await db.execute(sql`
    with relaxed_commit as (select set_config('synchronous_commit', 'off', true))
    update ${sessions} set last_seen_at = ${params.at.toISOString()}::timestamptz from relaxed_commit where ${sessions.id} = ${params.id}`);
}

export async function markReauthenticated(db: DbOrTx, params: { id: string; at: Date }): Promise<void> {
  await db.update(sessions).set({ reauthenticatedAt: params.at, lastSeenAt: params.at }).where(eq(sessions.id, params.id));
}

/** True when this call ended the session (false when it was already revoked), so its end is recorded once. */
export async function revokeSession(db: DbOrTx, params: { id: string; at: Date }): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: params.at })
    .where(and(eq(sessions.id, params.id), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

/** The ids of the sessions this call ended: all of the user's open sessions, or all but `exceptSessionId`. */
export async function revokeUserSessions(db: DbOrTx, params: { userId: string; at: Date; exceptSessionId?: string }): Promise<string[]> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: params.at })
    .where(
      and(
        eq(sessions.userId, params.userId),
        isNull(sessions.revokedAt),
        params.exceptSessionId === undefined ? undefined : ne(sessions.id, params.exceptSessionId),
      ),
    )
    .returning({ id: sessions.id });
  return rows.map((row) => row.id);
}
