import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const FILE = "children.json";

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

/** Remembers the launcher's children, so a launcher that was killed hard can be cleaned up after by the next one. */
export function rememberChildren(dataDir: string, children: { pid: number | undefined; marker: string }[]): void {
  const entries = children.filter((child) => child.pid !== undefined);
  writeFileSync(path.join(dataDir, FILE), JSON.stringify(entries));
}

export function forgetChildren(dataDir: string): void {
  rmSync(path.join(dataDir, FILE), { force: true });
}

/**
 * Stops the web server and worker an earlier, hard-killed launcher left running (they would hold its ports). A pid
 * is only signalled while its command line still carries the marker we started it with, never a reused pid.
 */
export async function stopLeftoverChildren(dataDir: string, log: (line: string) => void): Promise<void> {
  const file = path.join(dataDir, FILE);
  if (!existsSync(file)) return;
  const entries = JSON.parse(readFileSync(file, "utf8")) as { pid: number; marker: string }[];
  for (const entry of entries) {
    if (!commandLine(entry.pid).includes(entry.marker)) continue;
    log(`stopping ${entry.marker} (pid ${entry.pid}) left running by an earlier run`);
    try {
      process.kill(entry.pid, "SIGTERM");
    } catch {
      continue;
    }
    for (let waited = 0; waited < 10_000 && commandLine(entry.pid).includes(entry.marker); waited += 200) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if (commandLine(entry.pid).includes(entry.marker)) process.kill(entry.pid, "SIGKILL");
  }
  rmSync(file, { force: true });
}
