import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SERVER_HEAP_MB, SERVER_NODE_FLAGS } from "./lib/server-heap";

const TSX = "node_modules/tsx/dist/cli.mjs";
const COMPLETE = {
  DATABASE_URL: "postgres://cardhub:secret@127.0.0.1:1/cardhub",
  AUTH_SECRET: "a".repeat(40),
  ENCRYPTION_KEY: "0".repeat(64),
  AUDIT_HMAC_KEY: "k".repeat(64),
  APP_URL: "https://cards.example.com",
};

function run(script: string, env: Record<string, string>) {
  const childEnv = { PATH: process.env.PATH ?? "", ...env } as unknown as NodeJS.ProcessEnv;
  return spawnSync(process.execPath, [TSX, script], { env: childEnv, encoding: "utf8", timeout: 30_000 });
}

describe("production start-up", () => {
  for (const script of ["scripts/start.ts", "scripts/worker.ts"]) {
    for (const missing of Object.keys(COMPLETE) as (keyof typeof COMPLETE)[]) {
      it(`${script} refuses to start without ${missing}, naming it`, () => {
        const env: Record<string, string> = { ...COMPLETE };
        delete env[missing];
        const result = run(script, env);
        expect(result.status).toBe(1);
        expect(result.stderr).toContain(`${missing} is not set`);
      });
    }

    // Each is refused before the database is touched (DATABASE_URL names a closed port): one line per variable.
    const invalid: [string, Record<string, string>, string][] = [
      ["a TRUSTED_PROXIES entry that is no address", { TRUSTED_PROXIES: "notanip" }, 'TRUSTED_PROXIES is invalid: "notanip" is not an IP address or CIDR range'],
      ["an ENCRYPTION_KEY of 40 characters", { ENCRYPTION_KEY: "x".repeat(40) }, "ENCRYPTION_KEY is invalid: must be 32 bytes"],
      ["an APP_URL that is no URL", { APP_URL: "cards.example.com" }, "APP_URL is invalid"],
    ];
    for (const [what, change, line] of invalid) {
      it(`${script} refuses ${what}, naming it`, () => {
        const result = run(script, { ...COMPLETE, ...change });
        expect(result.status).toBe(1);
        expect(result.stderr.split("\n")[0]).toContain(line);
        expect(result.stderr).not.toMatch(/ECONNREFUSED|at .*\.ts:\d+/);
      });
    }
  }

  it("names an invalid value too", () => {
    const result = run("scripts/start.ts", { ...COMPLETE, AUTH_SECRET: "short" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("AUTH_SECRET is invalid");
  });

  it("names every wrong variable on a line of its own", () => {
    const result = run("scripts/start.ts", { ...COMPLETE, TRUSTED_PROXIES: "notanip", ENCRYPTION_KEY: "x".repeat(40), APP_URL: "" });
    expect(result.status).toBe(1);
    expect(result.stderr.split("\n").filter(Boolean)).toEqual([
      expect.stringMatching(/^ENCRYPTION_KEY is invalid/),
      expect.stringMatching(/^TRUSTED_PROXIES is invalid/),
      expect.stringMatching(/^APP_URL is not set/),
      "See README.md, 'Production configuration'.",
    ]);
  });

  it("npm run db:migrate runs the same check on the variables that are set", () => {
    const result = run("scripts/migrate.ts", { DATABASE_URL: COMPLETE.DATABASE_URL, TRUSTED_PROXIES: "notanip", MIGRATION_DATABASE_URL: "owner@db/cardhub" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("MIGRATION_DATABASE_URL is invalid: must be a postgres:// connection URL");
    expect(result.stderr).toContain("TRUSTED_PROXIES is invalid");
  });
});

describe("npm start's address", () => {
  // The command package.json execs after the checks, with Next replaced by a probe printing its arguments.
  const startScript = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: { start: string } }).scripts.start;
  const nextCommand = startScript.slice(startScript.indexOf("&& exec ") + "&& exec ".length);
  // The probe prints the heap limit node was given (MB) and then Next's arguments.
  const probe = nextCommand.replace(
    "node_modules/next/dist/bin/next",
    `-e "console.log(Math.round(require('v8').getHeapStatistics().heap_size_limit / 2 ** 20), process.argv.slice(1).join(' '))" --`,
  );

  function runNext(env: Record<string, string>): { heapMb: number; args: string } {
    const result = spawnSync("sh", ["-c", probe], { env: { PATH: process.env.PATH ?? "", ...env } as unknown as NodeJS.ProcessEnv, encoding: "utf8" });
    expect(result.status).toBe(0);
    const [heapMb, ...args] = result.stdout.trim().split(" ");
    return { heapMb: Number(heapMb), args: args.join(" ") };
  }

  it("is HOST, 0.0.0.0 by default; HOSTNAME (the container id under Docker and Kubernetes) is ignored", () => {
    expect(probe).not.toBe(nextCommand);
    expect(runNext({ HOSTNAME: "3f2a9c1d7b6e" }).args).toBe("start -H 0.0.0.0");
    expect(runNext({ HOSTNAME: "3f2a9c1d7b6e", HOST: "127.0.0.1" }).args).toBe("start -H 127.0.0.1");
  });

  it("runs Next with the server's heap limit (scripts/lib/server-heap.ts), as the bench and the e2e stack do", () => {
    // V8 adds its young generation to the old-space limit it was given.
    const { heapMb } = runNext({});
    expect(heapMb).toBeGreaterThanOrEqual(SERVER_HEAP_MB);
    expect(heapMb).toBeLessThan(SERVER_HEAP_MB + 128);
    expect(nextCommand).toContain(`node ${SERVER_NODE_FLAGS.join(" ")} node_modules/next/dist/bin/next start`);
  });

  it("is the command README gives for a container", () => {
    expect(readFileSync("README.md", "utf8")).toContain(`sh -c '${startScript}'`);
  });
});
