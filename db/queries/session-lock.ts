import type { Pool, PoolClient } from "pg";
import type { Db } from "@/db/client";

export type SessionLockOutcome<T> = { ran: true; value: T } | { ran: false };

/** PostgreSQL's lock_not_available: lock_timeout ran out while waiting. */
const LOCK_NOT_AVAILABLE = "55P03";

/**
 * Runs `work` alone among every process sharing the database: it first takes a session advisory lock on `key`, on a
 * connection of its own held for the whole run, waiting up to `waitMs` for whoever holds it; `{ ran: false }` when the
 * wait ran out. The work itself uses `db` as usual. The lock lives in that connection's session, so a process that
 * dies mid-run frees it with its connection: nothing is left locked by a crash.
 */
export async function withSessionLock<T>(db: Db, key: string, waitMs: number, work: () => Promise<T>): Promise<SessionLockOutcome<T>> {
  const pool = (db as Db & { $client: Pool }).$client;
  const client: PoolClient = await pool.connect();
  // A connection whose own statement failed is closed rather than handed back with a lock or a setting left on it.
  let failure: Error | undefined;
  const run = async (text: string, values?: unknown[]) => {
    try {
      return await client.query(text, values);
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
      throw error;
    }
  };
  try {
    await run(`set lock_timeout = ${Math.max(1, Math.round(waitMs))}`);
    try {
      await client.query("select pg_advisory_lock(hashtextextended($1, 0))", [key]);
    } catch (error) {
      if ((error as { code?: string }).code === LOCK_NOT_AVAILABLE) return { ran: false };
      failure = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      if (!failure) await run("reset lock_timeout");
    }
    try {
      return { ran: true, value: await work() };
    } finally {
      // An unlock that fails does not replace the work's outcome: the connection is closed instead, which ends its
      // session and the lock with it.
      await run("select pg_advisory_unlock(hashtextextended($1, 0))", [key]).catch(() => undefined);
    }
  } finally {
    client.release(failure);
  }
}
