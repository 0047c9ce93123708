import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import path from "node:path";

/**
 * Runs a TypeScript entry point in this one node process (tsx as a loader), not through tsx's CLI, which would put
 * a wrapper process in between: killing the wrapper leaves the real process orphaned, still holding connections.
 */
export const TSX_LOADER = ["--import", "tsx"];
export const NEXT_CLI = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");

/** Runs a child with its output prefixed (and optionally copied to a log file); resolves nothing, just starts it. */
export function startChild(options: {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  logFile?: string;
  echo?: boolean;
}): ChildProcess {
  const child = spawn(process.execPath, options.args, { env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  const log = options.logFile ? createWriteStream(options.logFile, { flags: "w" }) : undefined;
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream?.on("data", (chunk: Buffer) => {
      log?.write(chunk);
      if (options.echo === false) return;
      buffered += chunk.toString("utf8");
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) process.stdout.write(`[${options.name}] ${line}\n`);
    });
  }
  child.on("exit", () => log?.end());
  return child;
}

export function stopChild(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export async function waitForHttp(url: string, timeoutMs: number, isAlive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`stopped before ${url} answered`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer within ${Math.round(timeoutMs / 1000)} s`);
}
