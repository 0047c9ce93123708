import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { envProblems } from "@/lib/env";

// register() also patches http.Server for the client address stamp: not this test's business, and not to leak.
const stamp = vi.hoisted(() => ({ installClientAddressStamp: vi.fn() }));
vi.mock("./lib/auth/client-address-stamp", () => stamp);

const { register } = await import("./instrumentation");

/** Every variable lib/env checks, cleared, so the machine's own environment cannot make a case pass or fail. */
const CHECKED = [
  "NODE_ENV", "DATABASE_URL", "MIGRATION_DATABASE_URL", "AUTH_SECRET", "ENCRYPTION_KEY", "AUDIT_HMAC_KEY",
  "AUDIT_ANCHOR_DIR", "APP_URL", "SESSION_IDLE_MINUTES", "SESSION_MAX_HOURS", "SIGN_IN_MAX_FAILURES",
  "SIGN_IN_WINDOW_MINUTES", "REVEAL_MAX_PER_WINDOW", "REVEAL_WINDOW_MINUTES", "TRUSTED_PROXIES", "PORT", "HOST",
];

function stubEnv(values: Record<string, string>): void {
  for (const name of CHECKED) vi.stubEnv(name, "");
  for (const [name, value] of Object.entries(values)) vi.stubEnv(name, value);
}

// Throwaway values made here; a good production environment as README "Production configuration" lists it.
const good = () => ({
  NEXT_RUNTIME: "nodejs",
  NODE_ENV: "production",
  DATABASE_URL: "postgres://cardhub_app@db.internal:5432/cardhub",
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  ENCRYPTION_KEY: randomBytes(32).toString("hex"),
  AUDIT_HMAC_KEY: randomBytes(32).toString("hex"),
  APP_URL: "https://cards.example.com",
});

let exit: ReturnType<typeof vi.spyOn>;
let errors: string[];

beforeEach(() => {
  stamp.installClientAddressStamp.mockClear();
  errors = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void errors.push(args.join(" ")));
  exit = vi.spyOn(process, "exit").mockImplementation((code?: string | number | null) => {
    throw new Error(`process.exit(${code})`);
  });
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("instrumentation register(), when `next start` runs without `npm start`'s checks", () => {
  it("refuses a misconfigured production server as `npm start` does: one line per wrong variable, exit code 1", async () => {
    stubEnv({ ...good(), AUTH_SECRET: "", ENCRYPTION_KEY: "c2hvcnQ=", APP_URL: "", TRUSTED_PROXIES: "10.0.0.0/99" });
    const expected = envProblems({ ...process.env });
    expect(expected).toEqual([
      "AUTH_SECRET is not set",
      expect.stringMatching(/^ENCRYPTION_KEY is invalid: must be 32 bytes/),
      expect.stringMatching(/^TRUSTED_PROXIES is invalid: /),
      expect.stringMatching(/^APP_URL is not set: production needs the public URL/),
    ]);

    await expect(register()).rejects.toThrow("process.exit(1)");
    expect(exit).toHaveBeenCalledWith(1);
    expect(errors).toEqual([...expected, "See README.md, 'Production configuration'."]);
    // It stopped before anything else ran (the stamp would have thrown on TRUSTED_PROXIES itself).
    expect(stamp.installClientAddressStamp).not.toHaveBeenCalled();
    for (const line of errors) expect(line).not.toContain("c2hvcnQ=");
  });

  it("starts a well-configured production server", async () => {
    stubEnv(good());
    await expect(register()).resolves.toBeUndefined();
    expect(exit).not.toHaveBeenCalled();
    expect(errors).toEqual([]);
    expect(stamp.installClientAddressStamp).toHaveBeenCalledOnce();
  });

  it("leaves `next dev` and tests alone, and checks nothing in the edge runtime", async () => {
    for (const NODE_ENV of ["development", "test"]) {
      stubEnv({ NEXT_RUNTIME: "nodejs", NODE_ENV });
      await expect(register()).resolves.toBeUndefined();
    }
    stubEnv({ NEXT_RUNTIME: "edge", NODE_ENV: "production" });
    await expect(register()).resolves.toBeUndefined();
    expect(exit).not.toHaveBeenCalled();
    expect(errors).toEqual([]);
    expect(stamp.installClientAddressStamp).toHaveBeenCalledTimes(2);
  });
});
