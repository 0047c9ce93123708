import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb } from "@/db/client";
import { MIGRATIONS_FOLDER, runMigrations } from "@/db/migrate";
import { JOBS } from "@/lib/jobs/registry";
import { migrationTarget } from "@/scripts/lib/prepare-for-start";
import { withTestServerClient } from "@/test/database";
import { grantAppRole } from "./app-role";
import { checkDatabaseReady, DatabaseNotReadyError, ensureDatabaseReady, prepareDatabase } from "./prepare-database";

/**
 * README "Deployment roles" on a real server: an owner role that migrates (it owns the database, no superuser) and
 * an app role with CONNECT only. Each case gets a fresh, empty database of its own; all are dropped afterwards.
 */
const suffix = randomBytes(4).toString("hex");
const ownerRole = `cardhub_owner_${suffix}`;
const appRole = `cardhub_app_${suffix}`;
const password = randomBytes(12).toString("hex");
const databases: string[] = [];
const MIGRATION_COUNT = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length;


function urlFor(role: string, database: string): string {
  const url = new URL(inject("testServerUrl"));
  url.username = role;
  url.password = password;
  url.pathname = `/${database}`;
  return url.toString();
}

/** A new empty database owned by the owner role, which the app role may only connect to. */
async function freshDatabase(): Promise<{ ownerUrl: string; appUrl: string; name: string }> {
  const name = `cardhub_test_roles_${suffix}_${databases.length}`;
  databases.push(name);
  await withTestServerClient(async (client) => {
    await client.query(`create database "${name}" owner "${ownerRole}"`);
    await client.query(`grant connect on database "${name}" to "${appRole}"`);
  });
  return { ownerUrl: urlFor(ownerRole, name), appUrl: urlFor(appRole, name), name };
}

async function query<T>(url: string, text: string): Promise<T[]> {
  const connection = createDb(url, 1);
  try {
    return (await connection.pool.query(text)).rows as T[];
  } finally {
    await connection.pool.end();
  }
}

async function readiness(url: string) {
  const connection = createDb(url, 1);
  try {
    return await checkDatabaseReady(connection.pool, JOBS);
  } finally {
    await connection.pool.end();
  }
}

beforeAll(async () => {
  await withTestServerClient(async (client) => {
    await client.query(`create role "${ownerRole}" login nosuperuser nocreatedb nocreaterole password '${password}'`);
    await client.query(`create role "${appRole}" login nosuperuser nocreatedb nocreaterole password '${password}'`);
  });
});

afterAll(async () => {
  await withTestServerClient(async (client) => {
    for (const name of databases) await client.query(`drop database if exists "${name}" with (force)`);
    await client.query(`drop role if exists "${appRole}"`);
    await client.query(`drop role if exists "${ownerRole}"`);
  });
});

describe("web and worker started as the app role, without MIGRATION_DATABASE_URL", () => {
  it("refuse an unmigrated database with one line naming npm run db:migrate, and run no DDL", async () => {
    const { ownerUrl, appUrl } = await freshDatabase();
    const refused = ensureDatabaseReady({ databaseUrl: appUrl, queues: JOBS });
    await expect(refused).rejects.toBeInstanceOf(DatabaseNotReadyError);
    const message = await refused.catch((error: Error) => error.message);
    expect(message).toMatch(/^Database not ready: no migrations are applied to database "cardhub_test_roles_.*`npm run db:migrate`/);
    expect(message).not.toContain("\n");
    expect(message).not.toMatch(/permission denied|CREATE SCHEMA/);
    await expect(query(ownerUrl, "select nspname from pg_namespace where nspname in ('drizzle', 'pgboss')")).resolves.toEqual([]);

    // Migrated by the owner but pg-boss not installed (an older db:migrate): still refused, saying what is missing.
    const owner = createDb(ownerUrl, 1);
    await runMigrations(owner.pool);
    await grantAppRole(owner.pool, appRole);
    await owner.pool.end();
    await expect(ensureDatabaseReady({ databaseUrl: appUrl, queues: JOBS })).rejects.toThrow(/pg-boss's schema "pgboss" is not installed.*npm run db:migrate/);

    // Once the owner prepared it, the same start passes the check without preparing anything itself.
    await prepareDatabase({ ownerUrl, appUrl, queues: JOBS });
    await expect(ensureDatabaseReady({ databaseUrl: appUrl, queues: JOBS })).resolves.toEqual({ action: "checked", migrationsApplied: 0 });
  });

  it("refuse when one migration is missing, or when the app role may not read the migrator's bookkeeping", async () => {
    const { ownerUrl, appUrl } = await freshDatabase();
    await prepareDatabase({ ownerUrl, appUrl, queues: JOBS });
    await expect(readiness(appUrl)).resolves.toEqual({ ready: true });

    const [newest] = await query<{ id: number; hash: string; created_at: string }>(
      ownerUrl,
      "delete from drizzle.__drizzle_migrations where id = (select max(id) from drizzle.__drizzle_migrations) returning id, hash, created_at::text",
    );
    await expect(ensureDatabaseReady({ databaseUrl: appUrl, queues: JOBS })).rejects.toThrow(
      new RegExp(`^Database not ready: 1 of the ${MIGRATION_COUNT} migrations in db/migrations is not applied to database ".*npm run db:migrate`),
    );
    await query(ownerUrl, `insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${newest!.id}, '${newest!.hash}', ${newest!.created_at})`);

    await query(ownerUrl, `revoke usage on schema drizzle from "${appRole}"`);
    await expect(ensureDatabaseReady({ databaseUrl: appUrl, queues: JOBS })).rejects.toThrow(
      new RegExp(`^Database not ready: role "${appRole}" may not read drizzle.__drizzle_migrations .*npm run db:migrate`),
    );
    await query(ownerUrl, `grant usage on schema drizzle to "${appRole}"`);

    await query(ownerUrl, `delete from pgboss.queue where name = '${JOBS[0]!.name}'`);
    await expect(ensureDatabaseReady({ databaseUrl: appUrl, queues: JOBS })).rejects.toThrow(new RegExp(`job queue ${JOBS[0]!.name} does not exist`));
  });
});

describe("preparing the database", () => {
  it("migrates at start with only DATABASE_URL, as the owner (a single-role install, README 'Production configuration')", async () => {
    const { ownerUrl } = await freshDatabase();
    await expect(ensureDatabaseReady({ databaseUrl: ownerUrl, queues: JOBS })).resolves.toEqual({ action: "prepared", migrationsApplied: MIGRATION_COUNT });
    await expect(readiness(ownerUrl)).resolves.toEqual({ ready: true });
    // A second start finds it ready and prepares nothing.
    await expect(ensureDatabaseReady({ databaseUrl: ownerUrl, queues: JOBS })).resolves.toEqual({ action: "checked", migrationsApplied: 0 });
  });

  it("a web server and a worker preparing a fresh database at the same moment take turns instead of deadlocking", async () => {
    for (let round = 0; round < 4; round += 1) {
      const { ownerUrl, appUrl } = await freshDatabase();
      const both = await Promise.allSettled([
        ensureDatabaseReady({ databaseUrl: appUrl, migrationUrl: ownerUrl, queues: JOBS }),
        ensureDatabaseReady({ databaseUrl: appUrl, migrationUrl: ownerUrl, queues: JOBS }),
      ]);
      expect(both.map((result) => (result.status === "rejected" ? String(result.reason) : "ok"))).toEqual(["ok", "ok"]);
      await expect(readiness(appUrl)).resolves.toEqual({ ready: true });
    }
  }, 240_000);
});

describe("npm run db:migrate", () => {
  it("prepares the database as MIGRATION_DATABASE_URL's owner and grants DATABASE_URL's app role", async () => {
    expect(migrationTarget({ DATABASE_URL: "postgres://app@h/d", MIGRATION_DATABASE_URL: "postgres://owner@h/d" })).toEqual({ ownerUrl: "postgres://owner@h/d", appUrl: "postgres://app@h/d" });
    expect(migrationTarget({ DATABASE_URL: "postgres://one@h/d" })).toEqual({ ownerUrl: "postgres://one@h/d", appUrl: "postgres://one@h/d" });
    expect(migrationTarget({})).toBeUndefined();

    const { ownerUrl, appUrl } = await freshDatabase();
    const result = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/migrate.ts"], {
      env: { PATH: process.env.PATH ?? "", DATABASE_URL: appUrl, MIGRATION_DATABASE_URL: ownerUrl } as unknown as NodeJS.ProcessEnv,
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`${MIGRATION_COUNT} migration(s) applied`);
    expect(result.stdout).toContain(`as "${ownerRole}"`);
    expect(result.stdout).toContain(`role "${appRole}" granted its rights`);
    await expect(readiness(appUrl)).resolves.toEqual({ ready: true });
    await expect(query(ownerUrl, "select nspowner::regrole::text as owner from pg_namespace where nspname = 'drizzle'")).resolves.toEqual([{ owner: ownerRole }]);
  }, 120_000);
});
