import path from "node:path";
import pg from "pg";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import type { EmbeddedPostgresHandle } from "@/scripts/lib/embedded-postgres";

export const BENCH_DATABASE = "cardhub_bench";

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export type BenchDatabase = { url: string; close: () => Promise<void> };

/**
 * A fresh, migrated database of the bench's own: on the server DATABASE_URL names (a database beside its own, which is
 * never touched), or on an embedded PostgreSQL with its data in .data/bench. Recreated on every run.
 */
export async function openBenchDatabase(log: (line: string) => void): Promise<BenchDatabase> {
  let embedded: EmbeddedPostgresHandle | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (serverUrl && new URL(serverUrl).pathname.replace(/^\//, "") === BENCH_DATABASE) {
    throw new Error(`DATABASE_URL names ${BENCH_DATABASE}, the database the bench drops and recreates; point it at another database.`);
  }
  if (!serverUrl) {
    const { startEmbeddedPostgres } = await import("@/scripts/lib/embedded-postgres");
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(".data", "bench"),
      port: Number(process.env.BENCH_PG_PORT ?? 54368),
      database: "postgres",
      reuseRunning: true,
      log,
    });
    serverUrl = embedded.url;
  }
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${BENCH_DATABASE}" with (force)`);
    await admin.query(`create database "${BENCH_DATABASE}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl, BENCH_DATABASE);
  const migrator = createDb(url, 1);
  await runMigrations(migrator.pool);
  await migrator.pool.end();
  return { url, close: async () => await embedded?.stop() };
}
