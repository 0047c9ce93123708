/**
 * `npm run test:faults [-- --ops 300] [--seed 11] [--sandbox-port 4042] [--pg-port 25362]`
 *
 * Without --seed the run picks a random seed and prints it; --seed <it> replays the same operations and the same
 * sandbox faults (what the processes' timing decides, such as when a kill lands, still varies).
 *
 * Drives at least `--ops` money-moving operations (issue, top-up, withdraw, limits, cancel; plus freezes) across the
 * three providers through the real server-side functions and the real worker, against the sandbox over HTTP with
 * faults on about a fifth of provider requests (5xx, 429, hangs, malformed bodies, latency). It kills the worker and
 * the "web" process (the driver) with SIGKILL mid-flight and restarts them, lets every order settle, then compares
 * every local order, card and balance with the sandbox's state. Prints the counts; exits non-zero unless duplicates,
 * disagreements and open orders are all 0. Loopback only; its own PostgreSQL (embedded, in .data/faults-pg) and
 * database, created afresh each run.
 */
import type { ChildProcess } from "node:child_process";
import { parseArgs } from "node:util";
import { and, count, inArray, sql } from "drizzle-orm";
import pg from "pg";
import { closeDb, createDb, type Db } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { OPEN_ORDER_STATUSES, providerOrders } from "@/db/schema/provider-orders";
import { seedDemo } from "@/db/seed";
import { syncAllCards } from "@/lib/cards/sync-account-cards";
import { followOrder } from "@/lib/orders/follow-order";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { startSandbox } from "@/sandbox/server";
import { startEmbeddedPostgres } from "./lib/embedded-postgres";
import { startChild, stopChild, TSX_LOADER } from "./lib/child";
import { compareWithSandbox, sandboxState } from "./test-faults-compare";
import { FAULTS, MONEY_MOVING, runSeed } from "./test-faults-plan";

const { values } = parseArgs({
  options: {
    ops: { type: "string", default: "300" },
    seed: { type: "string" },
    "sandbox-port": { type: "string", default: process.env.FAULTS_SANDBOX_PORT ?? "4042" },
    "pg-port": { type: "string", default: process.env.FAULTS_PG_PORT ?? "25362" },
    verbose: { type: "boolean", default: false },
  },
});
const OPS = Number(values.ops);
const { seed: SEED, random: randomSeed } = runSeed(values.seed);
const replay = `--ops ${values.ops} --seed ${SEED}`;
if (!Number.isInteger(OPS) || OPS < 1) throw new Error("--ops must be a positive whole number");

const RUN_LIMIT_MS = 120_000 + OPS * 3_000;
const DRAIN_LIMIT_MS = 120_000;
const DATABASE = "cardhub_faults";
const log = (line: string) => console.log(`[faults] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freshDatabase(serverUrl: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl.replace(/\/[^/]*$/, "/postgres") });
  await admin.connect();
  await admin.query(`drop database if exists "${DATABASE}" with (force)`);
  await admin.query(`create database "${DATABASE}"`);
  await admin.end();
  return serverUrl.replace(/\/[^/]*$/, `/${DATABASE}`);
}

async function countWhere(db: Db, types: readonly string[], open = false): Promise<number> {
  const where = open ? and(inArray(providerOrders.type, [...types] as never[]), inArray(providerOrders.status, [...OPEN_ORDER_STATUSES])) : inArray(providerOrders.type, [...types] as never[]);
  const [row] = await db.select({ value: count() }).from(providerOrders).where(where);
  return row?.value ?? 0;
}

/** A child process we may SIGKILL and start again. */
class Restartable {
  child: ChildProcess | null = null;
  kills = 0;
  starts = 0;
  exitCode: number | null = null;
  /** args: the command line of its `start`-th start (0 for the first). */
  constructor(
    private readonly name: string,
    private readonly args: (start: number) => string[],
    private readonly env: NodeJS.ProcessEnv,
  ) {}
  start(): void {
    this.exitCode = null;
    const child = startChild({ name: this.name, args: [...TSX_LOADER, ...this.args(this.starts)], env: this.env, logFile: `.data/faults-${this.name}.log`, echo: values.verbose });
    this.starts += 1;
    child.on("exit", (code) => {
      if (this.child === child) this.exitCode = code ?? -1;
    });
    this.child = child;
  }
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.child = null;
    this.kills += 1;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }
  get running(): boolean {
    return this.child !== null && this.exitCode === null;
  }
  async stop(): Promise<void> {
    if (this.child) await stopChild(this.child);
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  const postgres = await startEmbeddedPostgres({ dataDir: ".data/faults-pg", port: Number(values["pg-port"]), database: "postgres", log });
  const databaseUrl = await freshDatabase(postgres.url);
  const sandbox = await startSandbox({ port: Number(values["sandbox-port"]), host: "127.0.0.1", quiet: true, orderDelayMs: 300, activityIntervalMs: 0, seed: SEED });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: process.env.AUTH_SECRET ?? "fault-suite-auth-secret-0123456789abcdef",
    ENCRYPTION_KEY: process.env.ENCRYPTION_KEY ?? "6661756c742d73756974652d6b65792d303132333435363738396162636465ff",
    AUDIT_HMAC_KEY: process.env.AUDIT_HMAC_KEY ?? "fault-suite-audit-hmac-key-0123456789abcdef",
    // scripts/worker.ts runs the production start-up check, which wants the public URL; no web app runs here.
    APP_URL: process.env.APP_URL ?? "http://127.0.0.1:3000",
    // Requests that time out may still be served by the sandbox a little later (this machine's CPU is shared), so
    // the grace before "not there" counts is kept well above the 1 s request timeout set below.
    ORDER_LOOKUP_GRACE_MS: "6000",
    ORDER_SUBMIT_LEASE_MS: "5000",
  };
  Object.assign(process.env, { DATABASE_URL: env.DATABASE_URL, AUTH_SECRET: env.AUTH_SECRET, ENCRYPTION_KEY: env.ENCRYPTION_KEY, AUDIT_HMAC_KEY: env.AUDIT_HMAC_KEY, ORDER_LOOKUP_GRACE_MS: env.ORDER_LOOKUP_GRACE_MS, ORDER_SUBMIT_LEASE_MS: env.ORDER_SUBMIT_LEASE_MS });
  const { db, pool } = createDb(databaseUrl, 6);
  const worker = new Restartable("worker", () => ["scripts/worker.ts"], env);
  const driver = new Restartable("driver", (start) => ["scripts/test-faults-driver.ts", String(OPS), String(SEED), String(start)], env);
  const faults = (body: unknown, method = "POST") => fetch(`${sandbox.url}/_sandbox/faults`, { method, headers: { "content-type": "application/json" }, body: method === "POST" ? JSON.stringify(body) : undefined });
  try {
    await runMigrations(pool);
    await seedDemo(db, { sandboxUrl: sandbox.url });
    // Short timeouts: a hung request costs a second, not fifteen.
    await db.update(providerAccounts).set({ settings: sql`${providerAccounts.settings} || '{"timeoutMs": 1000, "maxRetryMs": 3000}'::jsonb`, updatedAt: new Date() });
    const refreshed = await refreshAllProducts(db);
    if (refreshed.failed.length > 0) throw new Error(`products could not be loaded: ${JSON.stringify(refreshed.failed)}`);
    const before = await sandboxState(sandbox.url);
    log(`${OPS} money-moving operations against ${sandbox.url}, faults ${JSON.stringify(FAULTS)}, database ${DATABASE} on port ${values["pg-port"]}`);
    log(`seed ${SEED}${randomSeed ? " (random)" : ""}; replay with ${replay}`);

    await faults(FAULTS);
    worker.start();
    driver.start();
    // Three kills of each in a full run; one of each in a small one, which is about restart time more than anything.
    const workerKillsAt = (OPS >= 100 ? [0.2, 0.45, 0.7] : [0.3]).map((share) => Math.ceil(OPS * share));
    const driverKillsAt = (OPS >= 100 ? [0.3, 0.6, 0.85] : [0.6]).map((share) => Math.ceil(OPS * share));
    let problem: string | null = null;
    while (!problem) {
      if (Date.now() - started > RUN_LIMIT_MS) problem = `the run did not reach ${OPS} operations within ${Math.round(RUN_LIMIT_MS / 1000)} s`;
      const done = await countWhere(db, MONEY_MOVING);
      if (workerKillsAt[0] !== undefined && done >= workerKillsAt[0]) {
        workerKillsAt.shift();
        await worker.kill();
        log(`killed the worker (SIGKILL) at ${done} operations; restarting it`);
        await sleep(300);
        worker.start();
      }
      if (driverKillsAt[0] !== undefined && done >= driverKillsAt[0]) {
        driverKillsAt.shift();
        await driver.kill();
        log(`killed the web process (SIGKILL) mid-flight at ${done} operations, with ${await countWhere(db, MONEY_MOVING, true)} orders open; restarting it`);
        await sleep(300);
        driver.start();
      }
      if (worker.exitCode !== null) problem = `the worker exited by itself (code ${worker.exitCode}); see .data/faults-worker.log`;
      if (driver.exitCode === 0) break;
      if (driver.exitCode !== null) problem = `the driver failed (code ${driver.exitCode}); see .data/faults-driver.log`;
      await sleep(250);
    }
    if (problem) throw new Error(problem);
    log(`${await countWhere(db, MONEY_MOVING)} operations sent in ${Math.round((Date.now() - started) / 1000)} s; ${await countWhere(db, MONEY_MOVING, true)} orders still open`);

    // Let the worker settle what it can under faults for a moment, then follow every open order with the job's own
    // function until none is left (a killed worker's claimed jobs would otherwise wait for pg-boss's expiry).
    await sleep(3000);
    await faults(undefined, "DELETE");
    const drainStarted = Date.now();
    for (;;) {
      const open = await db.select({ id: providerOrders.id }).from(providerOrders).where(inArray(providerOrders.status, [...OPEN_ORDER_STATUSES]));
      if (open.length === 0 || Date.now() - drainStarted > DRAIN_LIMIT_MS) break;
      for (let i = 0; i < open.length; i += 4) await Promise.all(open.slice(i, i + 4).map((order) => followOrder(db, order.id).catch(() => null)));
      await sleep(500);
    }
    log(`orders settled ${Math.round((Date.now() - drainStarted) / 1000)} s after the last operation`);
    await worker.stop();
    // The periodic card sync (every 5 minutes in production) brings in what a post-order refresh missed under faults.
    await syncAllCards(db);

    const verdict = await compareWithSandbox(db, sandbox.url, before);
    const moneyMoving = MONEY_MOVING.reduce((total, type) => total + (verdict.orders[type] ?? 0), 0);
    console.log("");
    console.log(`orders: ${JSON.stringify(verdict.orders)} (${moneyMoving} money-moving)`);
    console.log(`outcomes: ${JSON.stringify(verdict.outcomes)}`);
    console.log(`kills: worker ${worker.kills}, web ${driver.kills}`);
    console.log(`seed: ${SEED}${randomSeed ? " (random)" : ""}`);
    console.log(`orders that met a lost, unreadable or refused answer and still completed as the provider says: ${verdict.recovered}`);
    for (const [name, list] of [["duplicate", verdict.duplicates], ["disagreement", verdict.disagreements], ["open", verdict.open]] as const) {
      for (const line of list.slice(0, 20)) console.log(`  ${name}: ${line}`);
    }
    console.log(`duplicates: ${verdict.duplicates.length}`);
    console.log(`disagreements: ${verdict.disagreements.length}`);
    console.log(`orders left open: ${verdict.open.length}`);
    const ok = verdict.duplicates.length === 0 && verdict.disagreements.length === 0 && verdict.open.length === 0 && moneyMoving >= OPS;
    if (moneyMoving < OPS) console.log(`only ${moneyMoving} money-moving operations ran, fewer than ${OPS}`);
    console.log(ok ? `fault suite passed in ${Math.round((Date.now() - started) / 1000)} s` : `fault suite FAILED (seed ${SEED}; replay with ${replay})`);
    return ok ? 0 : 1;
  } finally {
    await driver.kill().catch(() => undefined);
    await worker.kill().catch(() => undefined);
    await pool.end().catch(() => undefined);
    await closeDb().catch(() => undefined);
    await sandbox.close();
    await postgres.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[faults] ${error instanceof Error ? error.message : String(error)} (seed ${SEED}; replay with ${replay})`);
    process.exit(1);
  },
);
