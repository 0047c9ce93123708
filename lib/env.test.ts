import { describe, expect, it } from "vitest";
import { decodeEncryptionKey } from "./encryption-key";
import { EnvError, envProblems, parseEnv } from "./env";

const COMPLETE = {
  DATABASE_URL: "postgres://cardhub:secret@db:5432/cardhub",
  AUTH_SECRET: "a".repeat(40),
  ENCRYPTION_KEY: "0".repeat(64),
  AUDIT_HMAC_KEY: "k".repeat(64),
};
const PRODUCTION = { ...COMPLETE, NODE_ENV: "production", APP_URL: "https://cards.example.com" };

describe("the start-up check of the environment", () => {
  it("accepts a complete production configuration", () => {
    expect(parseEnv(PRODUCTION)).toMatchObject({ APP_URL: "https://cards.example.com", SESSION_IDLE_MINUTES: 30 });
    expect(parseEnv({ ...PRODUCTION, TRUSTED_PROXIES: "10.0.0.0/8, 2001:db8::/32", ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64") })).toBeTruthy();
  });

  it("refuses a TRUSTED_PROXIES entry that is no address or range, naming the variable", () => {
    expect(envProblems({ ...PRODUCTION, TRUSTED_PROXIES: "notanip" })).toEqual(['TRUSTED_PROXIES is invalid: "notanip" is not an IP address or CIDR range']);
    expect(envProblems({ ...PRODUCTION, TRUSTED_PROXIES: "10.0.0.0/33" })).toEqual(['TRUSTED_PROXIES is invalid: "10.0.0.0/33" has an invalid prefix length']);
  });

  it("refuses an ENCRYPTION_KEY that does not decode to 32 bytes, as encryption would later", () => {
    const key = "x".repeat(40);
    expect(() => decodeEncryptionKey(key)).toThrow(/exactly 32 bytes/);
    expect(envProblems({ ...PRODUCTION, ENCRYPTION_KEY: key })).toEqual([
      "ENCRYPTION_KEY is invalid: must be 32 bytes as 64 hex characters or base64 (openssl rand -hex 32); this decodes to 30 bytes",
    ]);
  });

  it("requires APP_URL in production, but keeps the local default in development and tests", () => {
    const { APP_URL: _unset, ...withoutAppUrl } = PRODUCTION;
    expect(envProblems(withoutAppUrl)).toEqual([expect.stringMatching(/^APP_URL is not set: production needs the public URL/)]);
    expect(envProblems({ ...withoutAppUrl, APP_URL: "" })).toEqual([expect.stringMatching(/^APP_URL is not set/)]);
    expect(parseEnv({ ...COMPLETE, NODE_ENV: "development" }).APP_URL).toBe("http://127.0.0.1:3000");
    expect(parseEnv({ ...COMPLETE, NODE_ENV: "test" }).APP_URL).toBe("http://127.0.0.1:3000");
    // The local default follows PORT, where the dev server listens (scripts/lib/dev-app-url.ts).
    expect(parseEnv({ ...COMPLETE, NODE_ENV: "development", PORT: "3350" }).APP_URL).toBe("http://127.0.0.1:3350");
    expect(parseEnv({ ...COMPLETE, NODE_ENV: "development", PORT: "" }).APP_URL).toBe("http://127.0.0.1:3000");
    expect(envProblems({ ...PRODUCTION, APP_URL: "cards.example.com" })).toEqual([expect.stringMatching(/^APP_URL is invalid/)]);
  });

  it("refuses a default for an admin setting outside the setting's own bounds, which would otherwise be ignored", () => {
    expect(envProblems({ ...PRODUCTION, SESSION_IDLE_MINUTES: "1000", REVEAL_MAX_PER_WINDOW: "200", REVEAL_WINDOW_MINUTES: "0" })).toEqual([
      "SESSION_IDLE_MINUTES is invalid: must be a whole number from 5 to 720",
      "REVEAL_MAX_PER_WINDOW is invalid: must be a whole number from 1 to 100",
      "REVEAL_WINDOW_MINUTES is invalid: must be a whole number from 1 to 1440",
    ]);
    expect(parseEnv({ ...PRODUCTION, SESSION_IDLE_MINUTES: "720", REVEAL_MAX_PER_WINDOW: "100", REVEAL_WINDOW_MINUTES: "1440" })).toMatchObject({ SESSION_IDLE_MINUTES: 720, REVEAL_MAX_PER_WINDOW: 100, REVEAL_WINDOW_MINUTES: 1440 });
  });

  it("refuses a TRANSACTION_SYNC_SCHEDULE pg-boss's scheduler would not take, naming the variable and the parser's reason", () => {
    expect(envProblems({ ...PRODUCTION, TRANSACTION_SYNC_SCHEDULE: "every minute" })).toEqual([
      'TRANSACTION_SYNC_SCHEDULE is invalid: must be a cron expression (UTC) such as "* * * * *" for every minute; Validation error, cannot resolve alias "eve"',
    ]);
    expect(envProblems({ ...PRODUCTION, TRANSACTION_SYNC_SCHEDULE: "61 * * * *" })).toEqual([expect.stringMatching(/^TRANSACTION_SYNC_SCHEDULE is invalid: .*got value 61 expected range 0-59$/)]);
    expect(parseEnv({ ...PRODUCTION, TRANSACTION_SYNC_SCHEDULE: "*/2 * * * *" }).TRANSACTION_SYNC_SCHEDULE).toBe("*/2 * * * *");
    expect(parseEnv({ ...PRODUCTION, TRANSACTION_SYNC_SCHEDULE: "" }).TRANSACTION_SYNC_SCHEDULE).toBe("* * * * *");
    expect(parseEnv(PRODUCTION).TRANSACTION_SYNC_SCHEDULE).toBe("* * * * *");
  });

  it("names every wrong variable, one line each", () => {
    const error = (() => {
      try {
        parseEnv({ NODE_ENV: "production", DATABASE_URL: "mysql://x/y", AUTH_SECRET: "a".repeat(40), ENCRYPTION_KEY: "short", TRUSTED_PROXIES: "proxy.internal", SESSION_IDLE_MINUTES: "ten", PORT: "0" });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(EnvError);
    expect((error as EnvError).problems.map((line) => line.split(" ")[0])).toEqual([
      "DATABASE_URL",
      "ENCRYPTION_KEY",
      "AUDIT_HMAC_KEY",
      "SESSION_IDLE_MINUTES",
      "TRUSTED_PROXIES",
      "PORT",
      "APP_URL",
    ]);
    for (const line of (error as EnvError).problems) expect(line).not.toContain("\n");
  });
});
