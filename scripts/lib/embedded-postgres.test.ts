import { spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const probe = path.join(import.meta.dirname, "fixtures", "exit-code-probe.ts");
const runProbe = (args: string[]) => spawnSync(process.execPath, ["--import", "tsx", probe, ...args], { encoding: "utf8", timeout: 60_000 });

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("a process that loads the embedded PostgreSQL keeps its own exit code", () => {
  it("exits with the code it set, not with 0 from a library's beforeExit hook", () => {
    expect(runProbe(["exit-code"]).status).toBe(3);
  });

  it("finishes its own signal handling instead of being cut short with 128+n", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", probe, "own-signal-handler"], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve) => child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve()));
    child.kill("SIGTERM");
    const code = await new Promise<number | null>((resolve) => child.once("exit", (exitCode) => resolve(exitCode)));
    expect(code).toBe(0);
  });

  it("runs the server in a process group of its own, so a terminal's Ctrl-C reaches the launcher first", { timeout: 120_000 }, () => {
    const dataDir = path.resolve(".data/tmp", `group-${randomUUID()}`, "pg");
    try {
      const result = runProbe(["server-process-group", dataDir, "27950"]);
      const groups = JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "{}") as { probeGroup: number; serverGroup: number };
      expect(groups.serverGroup).toBeGreaterThan(0);
      expect(groups.serverGroup).not.toBe(groups.probeGroup);
    } finally {
      rmSync(path.dirname(dataDir), { recursive: true, force: true });
    }
  });

  it("leaves no PostgreSQL running when it crashes", { timeout: 120_000 }, async () => {
    // Under .data, not the system temp folder: as root the server runs as the "postgres" user, who must reach it.
    const dataDir = path.resolve(".data/tmp", `crash-${randomUUID()}`, "pg");
    try {
      const result = runProbe(["crash-with-server", dataDir, "27900"]);
      expect(result.stdout).toContain("started");
      expect(result.status).toBe(1); // Node's own code for an uncaught exception
      const pidFile = path.join(dataDir, "postmaster.pid");
      const pid = existsSync(pidFile) ? Number.parseInt(readFileSync(pidFile, "utf8").split("\n")[0] ?? "", 10) : undefined;
      const deadline = Date.now() + 20_000;
      while (pid !== undefined && isAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
      expect(pid === undefined || !isAlive(pid)).toBe(true);
    } finally {
      rmSync(path.dirname(dataDir), { recursive: true, force: true });
    }
  });
});
