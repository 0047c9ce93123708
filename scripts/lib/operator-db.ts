import { existsSync } from "node:fs";
import path from "node:path";
import { createDb, type Db } from "@/db/client";
import { devDatabasePort } from "./checkout-port";
import { loadDevSecrets } from "./dev-secrets";
import type { EmbeddedPostgresHandle } from "./embedded-postgres";

export type OperatorDb = { db: Db; close: () => Promise<void> };

/**
 * For operator commands: the database DATABASE_URL names or, when it is unset, the dev launcher's embedded one in
 * .data/pg (with the dev secrets that encrypted its provider credentials). Throws with a clear message otherwise.
 */
export async function openOperatorDb(command: string): Promise<OperatorDb> {
  if (existsSync(".env")) process.loadEnvFile(".env");
  let embedded: EmbeddedPostgresHandle | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    const dataDir = path.join(".data", "pg");
    if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
      throw new Error(`${command}: DATABASE_URL is not set and there is no dev database in .data/pg (run \`npm run dev\` once).`);
    }
    const secrets = loadDevSecrets(".data");
    process.env.AUTH_SECRET ??= secrets.AUTH_SECRET;
    process.env.ENCRYPTION_KEY ??= secrets.ENCRYPTION_KEY;
    process.env.AUDIT_HMAC_KEY ??= secrets.AUDIT_HMAC_KEY;
    process.env.AUDIT_ANCHOR_DIR ??= path.join(".data", "audit-anchors");
    // Loaded only when needed: the embedded-postgres package installs exit hooks of its own.
    const { startEmbeddedPostgres } = await import("./embedded-postgres");
    embedded = await startEmbeddedPostgres({
      dataDir,
      port: devDatabasePort(),
      pickFreePort: !process.env.EMBEDDED_PG_PORT,
      database: "cardhub",
      reuseRunning: true,
      log: () => undefined,
    });
    url = embedded.url;
    process.env.DATABASE_URL = url;
  }
  const connection = createDb(url, 1);
  return {
    db: connection.db,
    close: async () => {
      await connection.pool.end();
      await embedded?.stop();
    },
  };
}
