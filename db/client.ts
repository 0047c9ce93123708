import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { Pool } from "pg";
import { withPinnedSession } from "./pinned-session";
import * as schema from "./schema";

export type Db = NodePgDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Every query function takes this, so it runs the same inside or outside a transaction. */
export type DbOrTx = Db | Tx;

type Connection = { pool: Pool; db: Db };
const globalForDb = globalThis as unknown as { __cardhubDb?: Connection };

/**
 * How long a pooled connection may sit idle before it is closed. A new connection costs the page that opens it its
 * authentication and a backend whose catalog caches start empty (the first plan of the transactions list took 12 ms,
 * then 1.3). Closed after 30 s, every page opened after a pause paid that on each of the connections it reads in
 * parallel: on the large-scale bench database, the transactions list took 220-260 ms after 35 s idle (50-65 warm),
 * 80-190 with its connections kept. People read a page for longer than 30 s, so the pool keeps them through a working
 * session's pauses.
 */
export const POOL_IDLE_TIMEOUT_MS = 10 * 60_000;

export function createDb(connectionString: string, max = 10): Connection {
  // Pinned in the URL itself, so a connection opened from this pool's URL (db/queries/session-lock.ts) is pinned too.
  // Idle connections hold no process open (allowExitOnIdle: a script that has finished exits), and TCP keep-alive
  // finds one a firewall dropped while it sat idle.
  const pool = new Pool({ connectionString: withPinnedSession(connectionString), max, idleTimeoutMillis: POOL_IDLE_TIMEOUT_MS, allowExitOnIdle: true, keepAlive: true });
  pool.on("error", (error) => console.error("[db] idle client error:", error.message));
  return { pool, db: drizzle(pool, { schema }) };
}

/** One pool per process (kept across dev hot reloads); connects lazily so builds never need a database. */
export function getConnection(): Connection {
  if (!globalForDb.__cardhubDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    globalForDb.__cardhubDb = createDb(url);
  }
  return globalForDb.__cardhubDb;
}

export function getDb(): Db {
  return getConnection().db;
}

export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    const real = getDb();
    const value = Reflect.get(real, property, real);
    return typeof value === "function" ? value.bind(real) : value;
  },
});

export async function closeDb(): Promise<void> {
  const connection = globalForDb.__cardhubDb;
  globalForDb.__cardhubDb = undefined;
  await connection?.pool.end();
}
