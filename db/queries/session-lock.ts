import pg, { type Pool } from "pg";
import type { Db } from "@/db/client";

export type SessionLock = { release: () => Promise<void> };
export type SessionLockOutcome<T> = { ran: true; value: T } | { ran: false };

/** PostgreSQL's lock_not_available: lock_timeout ran out while waiting. */
const LOCK_NOT_AVAILABLE = "55P03";

/**
 * A session advisory lock on `key`, across every process sharing the database, held on a connection of its own until
 * `release`. Not a pool connection: held locks must never starve the queries. Waits up to `waitMs` for whoever holds it
 * (0: asks once); null when it stays taken. If the process dies, PostgreSQL drops the connection and the lock with it;
 * a connection that cannot unlock is closed, which releases the lock as well.
 */
export async function takeSessionLock(connectionString: string, key: string, params: { waitMs: number; applicationName: string }): Promise<SessionLock | null> {
  const client = new pg.Client({ connectionString, application_name: params.applicationName });
  client.on("error", (error) => console.warn(`[${params.applicationName}] lock connection failed:`, error.message));
  await client.connect();
  let locked = false;
  try {
    if (params.waitMs > 0) {
      await client.query(`set lock_timeout = ${Math.round(params.waitMs)}`);
      locked = await client.query("select pg_advisory_lock(hashtextextended($1, 0))", [key]).then(
        () => true,
        (error: { code?: string }) => {
          if (error.code === LOCK_NOT_AVAILABLE) return false;
          throw error;
        },
      );
    } else {
      const { rows } = await client.query<{ locked: boolean }>("select pg_try_advisory_lock(hashtextextended($1, 0)) as locked", [key]);
      locked = rows[0]?.locked === true;
    }
  } finally {
    if (!locked) await client.end().catch(() => undefined);
  }
  if (!locked) return null;
  let released: Promise<void> | undefined;
  const release = (): Promise<void> =>
    (released ??= (async () => {
      try {
        await client.query("select pg_advisory_unlock(hashtextextended($1, 0))", [key]);
      } catch {
        // Closed below, which releases the lock as well.
      } finally {
        await client.end().catch(() => undefined);
      }
    })());
  return { release };
}

/**
 * Runs `work` alone among every process sharing `db`'s database, under takeSessionLock on `key`, waiting up to `waitMs`
 * for whoever holds it; `{ ran: false }` when the wait ran out. The work itself uses `db` as usual.
 */
export async function withSessionLock<T>(db: Db, key: string, waitMs: number, work: () => Promise<T>): Promise<SessionLockOutcome<T>> {
  const connectionString = (db as Db & { $client: Pool }).$client.options.connectionString;
  if (!connectionString) throw new Error("The database connection has no connection string to open a lock's connection with.");
  const lock = await takeSessionLock(connectionString, key, { waitMs, applicationName: "cardhub-session-lock" });
  if (!lock) return { ran: false };
  try {
    return { ran: true, value: await work() };
  } finally {
    await lock.release();
  }
}
