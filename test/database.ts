import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { closeDb, getConnection, type Db } from "@/db/client";

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A superuser connection to the test server (outside any test database), for creating databases and roles. */
export async function withTestServerClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject("testServerUrl") });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Gives the calling test file a database of its own, cloned from the migrated template, and points the app's
 * shared connection (db/client) at it. Returns a getter because the database exists only once beforeAll ran.
 */
export function withTestDatabase(): { db: () => Db; url: () => string } {
  const name = `cardhub_test_${randomBytes(6).toString("hex")}`;
  let url = "";
  beforeAll(async () => {
    await withTestServerClient((client) => client.query(`create database "${name}" template "${inject("testTemplateDatabase")}"`));
    url = withDatabase(inject("testServerUrl"), name);
    await closeDb();
    process.env.DATABASE_URL = url;
    process.env.AUTH_SECRET ??= "test-auth-secret-0123456789abcdef0123456789";
    process.env.ENCRYPTION_KEY ??= "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    process.env.AUDIT_HMAC_KEY ??= "test-audit-hmac-key-0123456789abcdef0123456789";
  });
  afterAll(async () => {
    await closeDb();
    await withTestServerClient((client) => client.query(`drop database if exists "${name}" with (force)`));
  });
  return { db: () => getConnection().db, url: () => url };
}
