import { existsSync } from "node:fs";
import path from "node:path";
import { createDb } from "@/db/client";
import { verifyAuditChain } from "@/lib/audit/verify";
import type { EmbeddedPostgresHandle } from "./lib/embedded-postgres";

/**
 * `npm run audit:verify`: recomputes the whole audit chain and exits 1 naming the first row that does not match.
 * Uses DATABASE_URL, or the dev launcher's embedded database (.data/pg) when it is unset. Read-only: it records nothing.
 */
async function main(): Promise<number> {
  if (existsSync(".env")) process.loadEnvFile(".env");
  let embedded: EmbeddedPostgresHandle | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    const dataDir = path.join(".data", "pg");
    if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
      console.error("audit:verify: DATABASE_URL is not set and there is no dev database in .data/pg (run `npm run dev` once).");
      return 2;
    }
    // Loaded only when needed: the embedded-postgres package installs exit hooks of its own.
    const { startEmbeddedPostgres } = await import("./lib/embedded-postgres");
    embedded = await startEmbeddedPostgres({
      dataDir,
      port: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
      database: "cardhub",
      reuseRunning: true,
      log: () => undefined,
    });
    url = embedded.url;
  }
  const connection = createDb(url, 1);
  try {
    const result = await verifyAuditChain(connection.db);
    if (result.ok) {
      console.log(`audit:verify: chain intact, ${result.checked} rows checked.`);
      return 0;
    }
    console.error(`audit:verify: chain BROKEN at row ${result.firstBadId}: ${result.reason} (${result.checked} rows before it verified).`);
    return 1;
  } catch (error) {
    const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    console.error(`audit:verify: could not check the chain: ${cause}`);
    return 2;
  } finally {
    await connection.pool.end();
    await embedded?.stop();
  }
}

// An explicit exit: a library's exit hook must not turn a broken chain into a success.
process.exit(await main());
