import { existsSync } from "node:fs";
import path from "node:path";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import type { EmbeddedPostgresHandle } from "./lib/embedded-postgres";

/**
 * `npm run db:migrate`: applies db/migrations to the database DATABASE_URL names or, when it is unset, to the dev
 * launcher's embedded database in .data/pg (started, and created on first use, for the duration of the command).
 */
async function main(): Promise<void> {
  if (existsSync(".env")) process.loadEnvFile(".env");
  let embedded: EmbeddedPostgresHandle | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    // Loaded only when needed: the embedded-postgres package installs exit hooks of its own.
    const { startEmbeddedPostgres } = await import("./lib/embedded-postgres");
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(".data", "pg"),
      port: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
      database: "cardhub",
      reuseRunning: true,
      log: (line) => console.log(`[postgres] ${line}`),
    });
    url = embedded.url;
  }
  const target = new URL(url);
  const connection = createDb(url, 1);
  try {
    const before = await appliedCount(connection.pool);
    await runMigrations(connection.pool);
    const after = await appliedCount(connection.pool);
    console.log(`db:migrate: ${after - before} migration(s) applied to ${target.host}${target.pathname} (${after} in total).`);
  } finally {
    await connection.pool.end();
    await embedded?.stop();
  }
}

async function appliedCount(pool: ReturnType<typeof createDb>["pool"]): Promise<number> {
  const result = await pool.query<{ count: string }>(
    `select count(*)::text as count from information_schema.tables where table_schema = 'drizzle' and table_name = '__drizzle_migrations'`,
  );
  if (result.rows[0]?.count === "0") return 0;
  const applied = await pool.query<{ count: string }>(`select count(*)::text as count from drizzle.__drizzle_migrations`);
  return Number(applied.rows[0]?.count ?? 0);
}

main().catch((error: unknown) => {
  console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
