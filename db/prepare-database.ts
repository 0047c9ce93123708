import { createRequire } from "node:module";
import { readMigrationFiles } from "drizzle-orm/migrator";
import type { Pool } from "pg";
import { createDb } from "@/db/client";
import { applyMigrations, MIGRATIONS_FOLDER, withSchemaLock } from "@/db/migrate";
import { createBoss } from "@/lib/jobs/boss";
import { createJobQueue, type JobQueueOptions } from "@/lib/jobs/job-queue";
import { grantAppRole, roleOf } from "./app-role";

/** pg-boss 10's internal queue for scheduled sends (node_modules/pg-boss/src/timekeeper.js, QUEUES.SEND_IT). */
export const PG_BOSS_SCHEDULER_QUEUE = "__pgboss__send-it";
const PG_BOSS_SCHEMA = "pgboss";
/** The schema version of the installed pg-boss package: what its start() would migrate pgboss.version to. */
const PG_BOSS_SCHEMA_VERSION = (createRequire(import.meta.url)("pg-boss/version.json") as { schema: number }).schema;

/**
 * Everything a deployment does as the schema owner before the app starts: migrations, pg-boss's schema and one
 * queue per job (creating a queue is DDL the app role may not run), then, when the app has a role of its own, its
 * grants. All of it under one advisory lock held on one connection (db/migrate.ts withSchemaLock): a web server and
 * a worker preparing the same fresh database at once take turns instead of deadlocking in pg-boss's createQueue.
 * With one URL for both (a single-role install) the audit table is not protected from the app.
 */
export async function prepareDatabase(params: { ownerUrl: string; appUrl: string; queues: readonly JobQueueOptions[] }): Promise<{ appRoleSeparate: boolean; migrationsApplied: number }> {
  const owner = createDb(params.ownerUrl, 1);
  try {
    return await withSchemaLock(owner.pool, async (client) => {
      const before = await appliedMigrationCount(client);
      await applyMigrations(client);
      const migrationsApplied = (await appliedMigrationCount(client)) - before;
      // pg-boss on a connection of its own: this one holds the lock while it installs its schema and the queues.
      const boss = createBoss(params.ownerUrl, { supervise: false, schedule: false, max: 1 });
      await boss.start();
      try {
        // pg-boss's scheduler sends each due job through this queue of its own, which the worker's start() creates and
        // swallows any error doing so: as the app role that DDL is refused, and no schedule would ever fire.
        await boss.createQueue(PG_BOSS_SCHEDULER_QUEUE);
        // The queues are made here, with the options the worker's own createJobQueue gives them.
        for (const queue of params.queues) await createJobQueue(boss, queue);
      } finally {
        await boss.stop({ graceful: false, wait: true });
      }
      const ownerRole = ((await client.query("select current_user as role")).rows[0] as { role: string }).role;
      const appRole = roleOf(params.appUrl);
      if (!appRole || appRole === ownerRole) return { appRoleSeparate: false, migrationsApplied };
      await grantAppRole(client, appRole);
      return { appRoleSeparate: true, migrationsApplied };
    });
  } finally {
    await owner.pool.end();
  }
}

async function appliedMigrationCount(client: Pick<Pool, "query">): Promise<number> {
  const exists = await client.query("select to_regclass('drizzle.__drizzle_migrations') is not null as exists");
  if (!(exists.rows[0] as { exists: boolean }).exists) return 0;
  const applied = await client.query("select count(*)::int as count from drizzle.__drizzle_migrations");
  return (applied.rows[0] as { count: number }).count;
}

export type Readiness = { ready: true } | { ready: false; problem: string; canMigrate: boolean };

/**
 * Read-only: whether the database DATABASE_URL names is ready for this release. Every migration in db/migrations is
 * applied (the journal against drizzle.__drizzle_migrations, as drizzle's migrator compares them), pg-boss's schema
 * is at this pg-boss's version, every job's queue exists and the role may read the product's tables. Only the
 * catalogs are read to find out whether the bookkeeping may be read at all, so a role without rights on schema
 * drizzle gets a sentence, not "permission denied". `canMigrate`: the role owns what a migration would alter (a
 * single-role install), so it may prepare the database itself.
 */
export async function checkDatabaseReady(pool: Pick<Pool, "query">, queues: readonly JobQueueOptions[]): Promise<Readiness> {
  const facts = (
    await pool.query(`
      select current_user as role,
        current_database() as database,
        has_database_privilege(current_database(), 'CREATE') as can_create,
        (select bool_and(pg_has_role(nspowner, 'USAGE')) from pg_namespace where nspname in ('drizzle', $1)) as owns_schemas,
        (select has_schema_privilege(oid, 'USAGE') from pg_namespace where nspname = 'drizzle') as drizzle_usage,
        (select has_table_privilege(c.oid, 'SELECT') from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = 'drizzle' and c.relname = '__drizzle_migrations') as journal_select,
        (select has_schema_privilege(oid, 'USAGE') from pg_namespace where nspname = $1) as pgboss_usage,
        (select has_table_privilege(c.oid, 'SELECT') from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = $1 and c.relname = 'version') as pgboss_version_select`,
      [PG_BOSS_SCHEMA],
    )
  ).rows[0] as {
    role: string;
    database: string;
    can_create: boolean;
    owns_schemas: boolean | null;
    drizzle_usage: boolean | null;
    journal_select: boolean | null;
    pgboss_usage: boolean | null;
    pgboss_version_select: boolean | null;
  };
  // Neither schema yet: whoever may create schemas here may migrate. Otherwise only their owner (or a member) may.
  const canMigrate = facts.owns_schemas ?? facts.can_create;
  const notReady = (problem: string): Readiness => ({ ready: false, problem, canMigrate });
  const where = `database "${facts.database}"`;

  const journal = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
  if (facts.journal_select === null) return notReady(`no migrations are applied to ${where} (drizzle.__drizzle_migrations does not exist)`);
  if (!facts.drizzle_usage || !facts.journal_select) {
    return notReady(`role "${facts.role}" may not read drizzle.__drizzle_migrations in ${where}, so the applied migrations cannot be checked (the owner's grants are missing)`);
  }
  const last = (await pool.query("select max(created_at)::text as last from drizzle.__drizzle_migrations")).rows[0] as { last: string | null };
  const pending = journal.filter((migration) => last.last === null || Number(last.last) < migration.folderMillis).length;
  if (pending > 0) return notReady(`${pending} of the ${journal.length} migrations in db/migrations ${pending === 1 ? "is" : "are"} not applied to ${where}`);

  if (facts.pgboss_version_select === null) return notReady(`pg-boss's schema "${PG_BOSS_SCHEMA}" is not installed in ${where}`);
  if (!facts.pgboss_usage || !facts.pgboss_version_select) return notReady(`role "${facts.role}" may not use pg-boss's schema "${PG_BOSS_SCHEMA}" in ${where} (the owner's grants are missing)`);
  const version = (await pool.query(`select version::int as version from ${PG_BOSS_SCHEMA}.version`)).rows[0] as { version: number } | undefined;
  if (version?.version !== PG_BOSS_SCHEMA_VERSION) {
    return notReady(`pg-boss's schema in ${where} is at version ${version?.version ?? "none"}, this release needs ${PG_BOSS_SCHEMA_VERSION}`);
  }
  const wanted = [PG_BOSS_SCHEDULER_QUEUE, ...queues.map((queue) => queue.name)];
  const existing = new Set(
    ((await pool.query(`select name from ${PG_BOSS_SCHEMA}.queue where name = any($1::text[])`, [wanted])).rows as { name: string }[]).map((row) => row.name),
  );
  const missing = wanted.filter((name) => !existing.has(name));
  if (missing.length > 0) return notReady(`job queue${missing.length === 1 ? "" : "s"} ${missing.join(", ")} ${missing.length === 1 ? "does" : "do"} not exist in ${where}`);

  const unreadable = (
    await pool.query(`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not has_table_privilege(c.oid, 'SELECT')
      order by c.relname`)
  ).rows as { name: string }[];
  if (unreadable.length > 0) {
    const names = unreadable.slice(0, 3).map((row) => row.name).join(", ") + (unreadable.length > 3 ? ` and ${unreadable.length - 3} more` : "");
    return notReady(`role "${facts.role}" may not read ${names} in ${where} (the owner's grants are missing)`);
  }
  return { ready: true };
}

/** The one line `npm start` and `npm run worker` print when the database is not ready and they may not prepare it. */
export class DatabaseNotReadyError extends Error {
  constructor(problem: string) {
    super(
      `Database not ready: ${problem}. Run \`npm run db:migrate\` with MIGRATION_DATABASE_URL set to the schema owner's URL and DATABASE_URL to the app's (README "Deployment roles"), then start again.`,
    );
    this.name = "DatabaseNotReadyError";
  }
}

/**
 * What `npm start` and `npm run worker` do with the database before serving (README "Production configuration"):
 * - with MIGRATION_DATABASE_URL (the schema owner), prepare the database as that role, as `npm run db:migrate` does;
 * - without it, check read-only that the database is ready, and run no DDL when it is (an app role has no CREATE);
 *   when it is not, prepare it only if DATABASE_URL's role owns the schema (a single-role install migrates at start,
 *   as README promises), and otherwise refuse with one line naming `npm run db:migrate`.
 */
export async function ensureDatabaseReady(params: {
  databaseUrl: string;
  migrationUrl?: string;
  queues: readonly JobQueueOptions[];
}): Promise<{ action: "checked" | "prepared"; migrationsApplied: number }> {
  if (params.migrationUrl) {
    const prepared = await prepareDatabase({ ownerUrl: params.migrationUrl, appUrl: params.databaseUrl, queues: params.queues });
    return { action: "prepared", migrationsApplied: prepared.migrationsApplied };
  }
  const app = createDb(params.databaseUrl, 1);
  let readiness: Readiness;
  try {
    readiness = await checkDatabaseReady(app.pool, params.queues);
  } finally {
    await app.pool.end();
  }
  if (readiness.ready) return { action: "checked", migrationsApplied: 0 };
  if (!readiness.canMigrate) throw new DatabaseNotReadyError(readiness.problem);
  const prepared = await prepareDatabase({ ownerUrl: params.databaseUrl, appUrl: params.databaseUrl, queues: params.queues });
  return { action: "prepared", migrationsApplied: prepared.migrationsApplied };
}
