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

export function createDb(connectionString: string, max = 10): Connection {
  // Pinned in the URL itself, so a connection opened from this pool's URL (db/queries/session-lock.ts) is pinned too.
  const pool = new Pool({ connectionString: withPinnedSession(connectionString), max, idleTimeoutMillis: 30_000 });
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
