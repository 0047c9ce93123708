import type { ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { isDatabaseEmpty, seedDemo } from "@/db/seed";
import { pointSandboxWebhooksAtApp } from "@/lib/transactions/webhook-url";
import { NEXT_CLI, startChild, stopChild, TSX_CLI, waitForHttp } from "./child";
import { loadDevSecrets } from "./dev-secrets";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "./embedded-postgres";
import { forgetChildren, rememberChildren, stopLeftoverChildren } from "./leftover-processes";

export type LaunchOptions = {
  /** "dev" runs `next dev`; "production" runs `next start` on an existing build (the e2e suite). */
  nextMode: "dev" | "production";
  port: number;
  sandboxPort: number;
  /** How often the sandbox makes card activity; 0 keeps it still (the e2e suite drives purchases itself). */
  sandboxActivityMs: number;
  dataDir: string;
  embeddedPgPort: number;
  embeddedDatabase: string;
  /** Drop and recreate the database first, for a suite that must start from the demo seed. */
  freshDatabase?: boolean;
  /** Copy each child's output to <logDir>/<name>.log (the leak test reads these). */
  logDir?: string;
  echoChildren?: boolean;
};

export type RunningStack = { appUrl: string; sandboxUrl: string; databaseUrl: string; stop: () => Promise<void> };

type SandboxHandle = { url: string; close: () => Promise<void> };

async function startProviderSandbox(port: number, activityIntervalMs: number): Promise<SandboxHandle> {
  const { startSandbox } = await import("@/sandbox/server");
  return startSandbox({ port, host: "127.0.0.1", quiet: true, activityIntervalMs });
}

/**
 * Brings up the whole product on embedded defaults: PostgreSQL (unless DATABASE_URL is set), migrations, the demo
 * seed on an empty database, the provider sandbox, the job worker and Next. Stops all of it, in reverse, on stop().
 */
export async function launchStack(options: LaunchOptions): Promise<RunningStack> {
  const say = (line: string) => console.log(`[cardhub] ${line}`);
  const stoppers: (() => Promise<void>)[] = [];
  let stopping = false;
  const stop = async () => {
    stopping = true;
    for (const stopper of stoppers.reverse()) await stopper().catch((error) => say(`while stopping: ${String(error)}`));
  };
  try {
    const secrets = loadDevSecrets(options.dataDir);
    await stopLeftoverChildren(options.dataDir, say);
    process.env.AUTH_SECRET ??= secrets.AUTH_SECRET;
    process.env.ENCRYPTION_KEY ??= secrets.ENCRYPTION_KEY;

    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      say("starting embedded PostgreSQL…");
      const postgres: EmbeddedPostgresHandle = await startEmbeddedPostgres({
        dataDir: path.join(options.dataDir, "pg"),
        port: options.embeddedPgPort,
        database: options.embeddedDatabase,
      });
      stoppers.push(() => postgres.stop());
      databaseUrl = postgres.url;
    }
    if (options.freshDatabase) await recreateDatabase(databaseUrl);
    process.env.DATABASE_URL = databaseUrl;

    const connection = createDb(databaseUrl, 2);
    const sandboxUrl = `http://127.0.0.1:${options.sandboxPort}`;
    try {
      say("applying migrations…");
      await runMigrations(connection.pool);
      if (await isDatabaseEmpty(connection.db)) {
        say("empty database: seeding the demo organisation…");
        await seedDemo(connection.db, { sandboxUrl });
      }
    } finally {
      await connection.pool.end();
    }

    say(`starting the provider sandbox on ${sandboxUrl}…`);
    const sandbox = await startProviderSandbox(options.sandboxPort, options.sandboxActivityMs);
    stoppers.push(() => sandbox.close());

    const appUrl = `http://127.0.0.1:${options.port}`;
    if (await pointSandboxWebhooksAtApp({ databaseUrl, sandboxUrl, appUrl })) say("sandbox NobePay webhooks → the app");
    if (options.logDir) mkdirSync(options.logDir, { recursive: true });
    const logFile = (name: string) => (options.logDir ? path.join(options.logDir, `${name}.log`) : undefined);
    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      APP_URL: appUrl,
      SANDBOX_URL: sandboxUrl,
      NEXT_TELEMETRY_DISABLED: "1",
    };
    const children: ChildProcess[] = [];

    const worker = startChild({ name: "worker", args: [TSX_CLI, "scripts/worker.ts"], env: childEnv, logFile: logFile("worker"), echo: options.echoChildren });
    children.push(worker);
    stoppers.push(() => stopChild(worker));

    const nextArgs = [NEXT_CLI, options.nextMode === "dev" ? "dev" : "start", "-H", "127.0.0.1", "-p", String(options.port)];
    const nextEnv: NodeJS.ProcessEnv = { ...childEnv, NODE_ENV: options.nextMode === "dev" ? "development" : "production" };
    const web = startChild({ name: "web", args: nextArgs, env: nextEnv, logFile: logFile("web"), echo: options.echoChildren });
    children.push(web);
    stoppers.push(() => stopChild(web));

    rememberChildren(options.dataDir, [
      { pid: worker.pid, marker: "scripts/worker.ts" },
      { pid: web.pid, marker: NEXT_CLI },
    ]);
    stoppers.push(async () => forgetChildren(options.dataDir));
    await waitForHttp(`${appUrl}/api/health`, 180_000, () => children.every((child) => child.exitCode === null));
    if (options.nextMode === "dev") await fetch(`${appUrl}/sign-in`).catch(() => undefined); // compile the first page
    for (const child of children) {
      child.once("exit", (code) => {
        if (stopping) return;
        say(`a process exited unexpectedly (code ${code}); stopping everything`);
        void stop().then(() => process.exit(1));
      });
    }
    return { appUrl, sandboxUrl, databaseUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function recreateDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const adminUrl = new URL(url);
  adminUrl.pathname = "/postgres";
  const admin = createDb(adminUrl.toString(), 1);
  try {
    await admin.pool.query(`drop database if exists "${name}" with (force)`);
    await admin.pool.query(`create database "${name}"`);
  } finally {
    await admin.pool.end();
  }
}
