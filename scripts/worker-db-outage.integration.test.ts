/**
 * `npm run worker` (the real script, in a process of its own) rides out a brief database outage: pg-boss 10 ends a job
 * with complete/fail calls it neither awaits nor catches, so a job ending while the database is unreachable leaves a
 * rejected promise nobody handles. The worker reaches its database through a TCP proxy that drops every connection
 * and refuses new ones for 6 s (a PostgreSQL restart or failover) while the startup jobs are mid-flight.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "@/db/seed";
import { createBoss } from "@/lib/jobs/boss";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { startTcpProxy, throughProxy, type TcpProxy } from "@/test/tcp-proxy";

const database = withTestDatabase();
let sandbox: RunningSandbox;
let proxy: TcpProxy;
let child: ChildProcess | undefined;
let sender: PgBoss | undefined;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function faults(body: object): Promise<void> {
  const response = await fetch(`${sandbox.url}/_sandbox/faults`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  expect(response.status).toBe(200);
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  const url = new URL(database.url());
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port) });
});
afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await sender?.stop({ graceful: false, wait: true });
  await proxy?.cut();
  await sandbox?.close();
});

describe("npm run worker and a database that is unreachable for a few seconds", () => {
  it("keeps running, works a job sent after the outage, and still exits 0 on SIGTERM", { timeout: 180_000 }, async () => {
    let stdout = "";
    let stderr = "";
    const worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
      cwd: process.cwd(),
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATABASE_URL: throughProxy(database.url(), proxy),
        AUTH_SECRET: process.env.AUTH_SECRET,
        ENCRYPTION_KEY: process.env.ENCRYPTION_KEY,
        AUDIT_HMAC_KEY: process.env.AUDIT_HMAC_KEY,
        APP_URL: "http://127.0.0.1:3999",
      } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = worker;
    worker.stdout.on("data", (chunk) => (stdout += chunk));
    worker.stderr.on("data", (chunk) => (stderr += chunk));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => worker.on("exit", (code, signal) => resolve({ code, signal })));
    const exitWithin = (ms: number) => Promise.race([exited, sleep(ms).then(() => null)]);
    const logs = () => `--- stdout\n${stdout.slice(-3000)}\n--- stderr\n${stderr.split("\n").filter((line) => !line.includes("provider call")).slice(-30).join("\n")}`;

    for (let i = 0; i < 900 && !stdout.includes("[worker] ready"); i += 1) await sleep(100);
    expect(stdout, logs()).toContain("[worker] ready");
    // Providers answer in 1.5 s, so the startup jobs (cards, products, funding, statements) are mid-flight at the cut.
    await faults({ latencyMs: 1500 });
    await sleep(2000);

    await proxy.cut();
    await sleep(6000);
    await proxy.restore();
    await faults({ latencyMs: 0 });

    expect(await exitWithin(8000), logs()).toBeNull();
    // The worker's own watch saw the outage and its end (it asks every 5 s), and named what it would do.
    expect(stderr, logs()).toMatch(/\[worker\] the database does not answer \(.*\); the worker exits with code 1 if it still does not after 120 s/);
    expect(stderr, logs()).toMatch(/\[worker\] the database answers again after/);

    // A job sent once the database is back is worked.
    sender = createBoss(database.url(), { supervise: false, schedule: false, migrate: false });
    await sender.start();
    const jobId = await sender.send("maintenance.prune-rate-limits", {}, { singletonKey: "after-the-outage" });
    expect(jobId).toBeTruthy();
    let state = "";
    for (let i = 0; i < 300 && state !== "completed"; i += 1) {
      await sleep(100);
      const [row] = (await database.db().execute(sql`select state::text from pgboss.job where id = ${jobId}`)).rows as { state: string }[];
      state = row?.state ?? "";
    }
    expect(state, logs()).toBe("completed");
    expect(worker.exitCode, logs()).toBeNull();

    worker.kill("SIGTERM");
    const outcome = await exitWithin(30_000);
    expect(outcome, logs()).toEqual({ code: 0, signal: null });
  });
});
