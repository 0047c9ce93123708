import { createServer } from "node:net";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { repointDemoAccounts, seedDemo } from "@/db/seed";

/**
 * Fails, with the port named, when something already listens on host:port. Checked before anything is written: Next
 * binds its port only once the database is ready, and a clash found then would come after the demo seed.
 */
export async function ensurePortFree(port: number, what: string, host = "127.0.0.1"): Promise<void> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? new Error(`${host}:${port} is already in use (another instance?): set ${what} to a free port`) : error),
    );
    probe.listen({ port, host, exclusive: true }, () => resolve());
  });
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}

/** True when the demo seed will run: no organisation yet (or no tables yet: a database before its first migration). */
async function needsDemoSeed(pool: { query: (text: string) => Promise<{ rows: Record<string, unknown>[] }> }): Promise<boolean> {
  const [table] = (await pool.query("select to_regclass('public.organizations') is not null as present")).rows;
  if (!table?.present) return true;
  const [row] = (await pool.query("select exists (select 1 from organizations) as found")).rows;
  return !row?.found;
}

export type PreparedDemo<T> = { bound: T; seeded: boolean; repointed: { label: string; from: string; to: string }[]; skipped: string[] };

/**
 * The dev launcher's order, so a port clash leaves the database as it was:
 *   1. bind everything with a port (`bindPorts`: the sandbox, a check of the web server's port); it is told whether the
 *      demo seed will run, so the sandbox can start from its seeded world;
 *   2. only then migrate, and seed an empty database with `sandboxUrl`;
 *   3. or, in a seeded database, point demo sandbox accounts left at another port's sandbox at this one
 *      (repointDemoAccounts: only accounts of the demo seed's form).
 * When `bindPorts` throws, nothing has been written and the error is passed on.
 */
export async function prepareDemoDatabase<T>(params: {
  databaseUrl: string;
  sandboxUrl: string;
  bindPorts: (plan: { seeding: boolean }) => Promise<T>;
  say?: (line: string) => void;
}): Promise<PreparedDemo<T>> {
  const say = params.say ?? (() => undefined);
  const connection = createDb(params.databaseUrl, 2);
  try {
    const seeding = await needsDemoSeed(connection.pool);
    const bound = await params.bindPorts({ seeding });
    say("applying migrations…");
    await runMigrations(connection.pool);
    if (seeding) {
      say("empty database: seeding the demo organisation…");
      await seedDemo(connection.db, { sandboxUrl: params.sandboxUrl });
      return { bound, seeded: true, repointed: [], skipped: [] };
    }
    const { repointed, skipped } = await repointDemoAccounts(connection.db, { sandboxUrl: params.sandboxUrl });
    for (const moved of repointed) say(`demo account "${moved.label}" pointed at ${moved.from}, not this run's sandbox: now ${moved.to}`);
    for (const reason of skipped) say(`demo account ${reason}`);
    return { bound, seeded: false, repointed, skipped };
  } finally {
    await connection.pool.end();
  }
}
