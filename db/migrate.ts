import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import type { Pool, PoolClient } from "pg";

const MIGRATION_LOCK = 72_600_001;
export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

/**
 * Runs `work` on one connection holding the session advisory lock every schema change of this app takes
 * (migrations, pg-boss's schema and queues, grants): several processes preparing at once take turns instead of
 * deadlocking on each other's DDL. The lock is released on that same connection afterwards.
 */
export async function withSchemaLock<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    return await work(client);
  } finally {
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

/** Applies the pending migrations on a connection that already holds the schema lock. */
export async function applyMigrations(client: PoolClient): Promise<void> {
  await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
}

/** Safe to call from several processes at once: a session advisory lock lets one migrate while the others wait. */
export async function runMigrations(pool: Pool): Promise<void> {
  await withSchemaLock(pool, applyMigrations);
}
