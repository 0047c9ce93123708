import type { Pool, PoolClient } from "pg";

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function quoteRole(role: string): string {
  if (!ROLE_NAME.test(role)) throw new Error(`database role "${role}" must be a lower-case identifier`);
  return `"${role}"`;
}

/**
 * Run as the owner of the schema (the role migrations run as), after every migration: the application's role
 * may read and write the product's tables and pg-boss's queues, but on audit_log only INSERT and SELECT. It owns
 * nothing, so it cannot drop or disable the append-only trigger, delete, update or truncate history, and it cannot
 * make anyone an installation operator (system_operators is read-only to it).
 */
export async function grantAppRole(pool: Pool | PoolClient, appRole: string): Promise<void> {
  const role = quoteRole(appRole);
  const statements = [
    `grant usage on schema public to ${role}`,
    `grant select, insert, update, delete on all tables in schema public to ${role}`,
    `grant usage, select, update on all sequences in schema public to ${role}`,
    `revoke update, delete, truncate, references, trigger on audit_log from ${role}, public`,
    `grant select, insert on audit_log to ${role}`,
    // Installation operators are granted by the owner only (npm run operators): the app may read, never write.
    `revoke insert, update, delete, truncate, references, trigger on system_operators from ${role}, public`,
    `grant select on system_operators to ${role}`,
    `alter default privileges in schema public grant select, insert, update, delete on tables to ${role}`,
    `alter default privileges in schema public grant usage, select, update on sequences to ${role}`,
    // The migrator's bookkeeping, read-only: the worker can see that nothing is pending.
    `grant usage on schema drizzle to ${role}`,
    `grant select on all tables in schema drizzle to ${role}`,
  ];
  for (const statement of statements) await pool.query(statement);
  const pgboss = await pool.query("select 1 from pg_namespace where nspname = 'pgboss'");
  if (pgboss.rowCount) {
    for (const statement of [
      // No CREATE: the owner makes pg-boss's schema and every queue (db/prepare-database.ts), and a schema the app may
      // create in is where it could keep a table of its own named like one of ours. Revoked from earlier releases' grant.
      `revoke create on schema pgboss from ${role}`,
      `grant usage on schema pgboss to ${role}`,
      `grant all on all tables in schema pgboss to ${role}`,
      `grant all on all sequences in schema pgboss to ${role}`,
      `grant execute on all functions in schema pgboss to ${role}`,
    ]) {
      await pool.query(statement);
    }
  }
}

/** The role a connection URL signs in as. */
export function roleOf(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

/**
 * Development and tests only (the embedded PostgreSQL, where the launcher is superuser): creates the app's login
 * role when missing, or resets its password, and returns the URL the app should use instead of the owner's.
 */
export async function ensureLoginRole(pool: Pool, params: { ownerUrl: string; role: string; password: string }): Promise<string> {
  const role = quoteRole(params.role);
  const exists = await pool.query("select 1 from pg_roles where rolname = $1", [params.role]);
  const password = params.password.replace(/'/g, "''");
  await pool.query(`${exists.rowCount ? "alter" : "create"} role ${role} login nosuperuser nocreatedb nocreaterole password '${password}'`);
  const database = decodeURIComponent(new URL(params.ownerUrl).pathname.slice(1));
  await pool.query(`grant connect on database "${database.replace(/"/g, '""')}" to ${role}`);
  const url = new URL(params.ownerUrl);
  url.username = params.role;
  url.password = params.password;
  return url.toString();
}
