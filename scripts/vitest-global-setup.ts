import pg from "pg";
import type { TestProject } from "vitest/node";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { checkoutPort } from "./lib/checkout-port";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "./lib/embedded-postgres";


declare module "vitest" {
  export interface ProvidedContext {
    testServerUrl: string;
    testTemplateDatabase: string;
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Per checkout, so two clones (a CI run beside a working copy) never share or kill each other's test server. */
function testServerPort(): number {
  return process.env.TEST_PG_PORT ? Number(process.env.TEST_PG_PORT) : checkoutPort(25000);
}

async function dropDatabase(admin: pg.Client, name: string): Promise<void> {
  await admin.query(`alter database "${name}" is_template false`);
  await admin.query(`drop database if exists "${name}" with (force)`);
}

/**
 * Integration tests run on a real PostgreSQL: the one DATABASE_URL names (in databases of their own, never the
 * one it points at), or an embedded server. The schema is migrated once into a template that each test file clones.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let embedded: EmbeddedPostgresHandle | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    embedded = await startEmbeddedPostgres({
      dataDir: ".data/pg-test",
      port: testServerPort(),
      database: "postgres",
      reuseRunning: true,
      log: () => undefined,
    });
    serverUrl = embedded.url;
  }
  const templateDatabase = `cardhub_test_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await admin.connect();
  if (embedded?.owned) {
    // Nobody else uses a server we just started: clear what a killed earlier run left behind.
    const stale = await admin.query("select datname from pg_database where datname like 'cardhub_test_%'");
    for (const row of stale.rows as { datname: string }[]) await dropDatabase(admin, row.datname);
  }
  await admin.query(`create database "${templateDatabase}"`);
  const template = createDb(withDatabase(serverUrl, templateDatabase), 2);
  await runMigrations(template.pool);
  await template.pool.end();
  await admin.query(`alter database "${templateDatabase}" is_template true`);

  project.provide("testServerUrl", withDatabase(serverUrl, "postgres"));
  project.provide("testTemplateDatabase", templateDatabase);
  return async () => {
    await dropDatabase(admin, templateDatabase).catch(() => undefined);
    await admin.end();
    await embedded?.stop();
  };
}
