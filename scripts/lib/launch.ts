import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { createDb } from "@/db/client";
import { pointSandboxWebhooksAtApp } from "@/lib/transactions/webhook-url";
import { NEXT_CLI, startChild, stopChild, TSX_LOADER, waitForHttp } from "./child";
import { loadDevSecrets } from "./dev-secrets";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "./embedded-postgres";
import { forgetChildren, rememberChildren, stopLeftoverChildren } from "./leftover-processes";
import { ensurePortFree, prepareDemoDatabase } from "./prepare-demo";
import { SERVER_NODE_FLAGS } from "./server-heap";
import { describeExit, firstExited, superviseChildren, type NamedChild } from "./supervise";

export type LaunchOptions = {
  /** "dev" runs `next dev`; "production" runs `next start` on an existing build (the e2e suite). */
  nextMode: "dev" | "production";
  port: number;
  sandboxPort: number;
  /** How often the sandbox makes card activity; 0 keeps it still (the e2e suite drives purchases itself). */
  sandboxActivityMs: number;
  dataDir: string;
  embeddedPgPort: number;
  /** Take the next free port when embeddedPgPort is in use (by another checkout, say) instead of failing. */
  pickFreePgPort?: boolean;
  embeddedDatabase: string;
  /** Drop and recreate the database first, for a suite that must start from the demo seed. */
  freshDatabase?: boolean;
  /** Copy each child's output to <logDir>/<name>.log (the leak test reads these). */
  logDir?: string;
  echoChildren?: boolean;
  /** Once the stack is up, make the demo's cards and requests through the app's own paths (dev only). */
  demoActivity?: boolean;
};

export type RunningStack = { appUrl: string; sandboxUrl: string; databaseUrl: string; stop: () => Promise<void> };

type SandboxHandle = { url: string; close: () => Promise<void> };

/** The sandbox keeps its world in `stateDir` across restarts; `freshState` starts it seeded, as a fresh database needs. */
async function startProviderSandbox(port: number, activityIntervalMs: number, stateDir: string, freshState: boolean): Promise<SandboxHandle> {
  const { startSandbox } = await import("@/sandbox/server");
  return startSandbox({ port, host: "127.0.0.1", quiet: true, activityIntervalMs, stateDir, freshState });
}

/**
 * Brings up the whole product on embedded defaults: PostgreSQL (unless DATABASE_URL is set), the provider sandbox
 * (its port, and Next's, taken before anything is written), migrations, the demo seed on an empty database (or the
 * demo accounts pointed at this run's sandbox), the job worker and Next. Stops all of it, in reverse, on stop().
 */
export async function launchStack(options: LaunchOptions): Promise<RunningStack> {
  const say = (line: string) => console.log(`[cardhub] ${line}`);
  const stoppers: (() => Promise<void>)[] = [];
  let stopping = false;
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      stopping = true;
      for (const stopper of [...stoppers].reverse()) await stopper().catch((error) => say(`while stopping: ${String(error)}`));
    })());
  try {
    const secrets = loadDevSecrets(options.dataDir);
    await stopLeftoverChildren(options.dataDir, say);
    process.env.AUTH_SECRET ??= secrets.AUTH_SECRET;
    process.env.ENCRYPTION_KEY ??= secrets.ENCRYPTION_KEY;
    process.env.AUDIT_HMAC_KEY ??= secrets.AUDIT_HMAC_KEY;
    process.env.AUDIT_ANCHOR_DIR ??= path.resolve(options.dataDir, "audit-anchors");

    const embeddedDatabase = !process.env.DATABASE_URL;
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      say("starting embedded PostgreSQL…");
      const postgres: EmbeddedPostgresHandle = await startEmbeddedPostgres({
        dataDir: path.join(options.dataDir, "pg"),
        port: options.embeddedPgPort,
        pickFreePort: options.pickFreePgPort,
        database: options.embeddedDatabase,
      });
      say(`embedded PostgreSQL is listening on 127.0.0.1:${postgres.port} (data in ${path.join(options.dataDir, "pg")})`);
      stoppers.push(() => postgres.stop());
      databaseUrl = postgres.url;
    }
    if (options.freshDatabase) {
      await recreateDatabase(databaseUrl);
      // security: the signed checkpoints described the database just dropped; a new chain starts a new anchor.
      const ownAnchorDir = path.resolve(options.dataDir, "audit-anchors");
      if (process.env.AUDIT_ANCHOR_DIR === ownAnchorDir) rmSync(ownAnchorDir, { recursive: true, force: true });
    }
    process.env.DATABASE_URL = databaseUrl;

    const sandboxUrl = `http://127.0.0.1:${options.sandboxPort}`;
    // Every port is taken before anything is written (scripts/lib/prepare-demo.ts): a clash with another instance
    // fails here, not after the demo seed pointed its accounts at that instance's sandbox.
    await prepareDemoDatabase({
      databaseUrl,
      sandboxUrl,
      say,
      bindPorts: async ({ seeding }) => {
        // Both probed first: a clash then leaves the sandbox's saved world (dataDir/sandbox) untouched as well.
        await ensurePortFree(options.port, "PORT");
        await ensurePortFree(options.sandboxPort, "SANDBOX_PORT");
        say(`starting the provider sandbox on ${sandboxUrl}…`);
        const started = await startProviderSandbox(options.sandboxPort, options.sandboxActivityMs, path.join(options.dataDir, "sandbox"), Boolean(options.freshDatabase) || seeding).catch(
          (error: unknown) => {
            const code = (error as NodeJS.ErrnoException).code;
            throw code === "EADDRINUSE" ? new Error(`the provider sandbox's port 127.0.0.1:${options.sandboxPort} is already in use (another instance?): set SANDBOX_PORT to a free port`) : error;
          },
        );
        stoppers.push(() => started.close());
        return started;
      },
    });

    // security (db/dev-app-role.ts): the web server and worker run as a role that may only append to audit_log.
    let appDatabaseUrl = databaseUrl;
    if (embeddedDatabase) {
      const { prepareDevAppRole } = await import("@/db/dev-app-role");
      appDatabaseUrl = await prepareDevAppRole(databaseUrl, process.env.AUTH_SECRET!);
    }

    const appUrl = `http://127.0.0.1:${options.port}`;
    if (await pointSandboxWebhooksAtApp({ databaseUrl, sandboxUrl, appUrl })) say("sandbox NobePay webhooks → the app");
    if (options.logDir) mkdirSync(options.logDir, { recursive: true });
    const logFile = (name: string) => (options.logDir ? path.join(options.logDir, `${name}.log`) : undefined);
    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: appDatabaseUrl,
      MIGRATION_DATABASE_URL: databaseUrl,
      APP_URL: appUrl,
      SANDBOX_URL: sandboxUrl,
      NEXT_TELEMETRY_DISABLED: "1",
    };

    const worker = startChild({ name: "worker", args: [...TSX_LOADER, "scripts/worker.ts"], env: childEnv, logFile: logFile("worker"), echo: options.echoChildren });
    stoppers.push(() => stopChild(worker));

    const nextArgs = options.nextMode === "dev" ? [NEXT_CLI, "dev"] : [...SERVER_NODE_FLAGS, NEXT_CLI, "start"];
    nextArgs.push("-H", "127.0.0.1", "-p", String(options.port));
    const nextEnv: NodeJS.ProcessEnv = { ...childEnv, MIGRATION_DATABASE_URL: undefined, NODE_ENV: options.nextMode === "dev" ? "development" : "production" };
    const web = startChild({ name: "web", args: nextArgs, env: nextEnv, logFile: logFile("web"), echo: options.echoChildren });
    stoppers.push(() => stopChild(web));

    rememberChildren(options.dataDir, [
      { pid: worker.pid, marker: "scripts/worker.ts" },
      { pid: web.pid, marker: NEXT_CLI },
    ]);
    stoppers.push(async () => forgetChildren(options.dataDir));
    const named: NamedChild[] = [
      { name: "worker", child: worker },
      { name: "web server", child: web },
    ];
    superviseChildren(named, () => stopping, (message) => {
      say(`${message}; stopping everything`);
      void stop().then(() => process.exit(1));
    });
    await waitForHttp(`${appUrl}/api/health`, 180_000, () => firstExited(named) === undefined).catch((error: unknown) => {
      const dead = firstExited(named);
      throw dead ? new Error(`the ${dead.name} ${describeExit(dead.child)} before ${appUrl} answered (see its output above)`) : error;
    });
    if (options.nextMode === "dev") await fetch(`${appUrl}/sign-in`).catch(() => undefined); // compile the first page
    if (options.demoActivity) await seedActivity(databaseUrl, sandboxUrl, say);
    return { appUrl, sandboxUrl, databaseUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function seedActivity(databaseUrl: string, sandboxUrl: string, say: (line: string) => void): Promise<void> {
  const { seedDemoActivity } = await import("@/db/seed-activity");
  const connection = createDb(databaseUrl, 2);
  try {
    if ((await seedDemoActivity(connection.db)).seeded) {
      say("demo cards and requests created (one request in every state)");
      const { backfillDemoHistory } = await import("./demo-history");
      await backfillDemoHistory(connection.db, sandboxUrl, say).catch((error: unknown) =>
        say(`the demo's backdated history could not be made: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
  } catch (error) {
    say(`demo cards and requests could not be created: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await connection.pool.end();
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
