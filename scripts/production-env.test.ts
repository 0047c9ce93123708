import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const TSX = "node_modules/tsx/dist/cli.mjs";
const COMPLETE = {
  DATABASE_URL: "postgres://cardhub:secret@127.0.0.1:1/cardhub",
  AUTH_SECRET: "a".repeat(40),
  ENCRYPTION_KEY: "0".repeat(64),
  AUDIT_HMAC_KEY: "k".repeat(64),
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
  }

  it("names an invalid value too", () => {
    const result = run("scripts/start.ts", { ...COMPLETE, AUTH_SECRET: "short" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("AUTH_SECRET is invalid");
  });
});
