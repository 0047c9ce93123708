import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { DEMO_PASSWORD, seedDemo } from "@/db/seed";
import { withTestDatabase } from "@/test/database";
import { authenticate, type AuthenticateResult } from "./authenticate";

const database = withTestDatabase();
const db = () => database.db();

// The defaults: SIGN_IN_MAX_FAILURES (5) per account and address, ten times that per account across all addresses.
const PER_ACCOUNT_AND_ADDRESS = 5;
const PER_ACCOUNT = 50;

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
});

const signIn = (email: string, password: string, ip: string) => authenticate(db(), { email, password, meta: { ip, userAgent: "vitest" } });
const reasonOf = (result: AuthenticateResult) => (result.ok ? "ok" : result.reason);

describe("sign-in limits per account and address", () => {
  it("wrong passwords from one address do not lock the person out at another address", async () => {
    const email = "employee@demo.test";
    for (let attempt = 0; attempt < PER_ACCOUNT_AND_ADDRESS; attempt += 1) {
      expect(reasonOf(await signIn(email, `guess-${attempt}`, "198.51.100.10"))).toBe("invalid");
    }
    expect(reasonOf(await signIn(email, DEMO_PASSWORD, "203.0.113.20"))).toBe("ok");
  });

  it("five wrong passwords from one address block that address, even with the right password, and no other", async () => {
    const email = "employee2@demo.test";
    for (let attempt = 0; attempt < PER_ACCOUNT_AND_ADDRESS; attempt += 1) {
      expect(reasonOf(await signIn(email, `guess-${attempt}`, "198.51.100.11"))).toBe("invalid");
    }
    const blocked = await signIn(email, DEMO_PASSWORD, "198.51.100.11");
    expect(blocked).toMatchObject({ ok: false, reason: "rate_limited", retryAfterSeconds: expect.any(Number) });
    // An IPv6 subscriber's whole /64 is one address here too, as for the per-IP limit.
    for (let attempt = 0; attempt < PER_ACCOUNT_AND_ADDRESS; attempt += 1) {
      expect(reasonOf(await signIn(email, `guess-${attempt}`, `2001:db8:7:8::${attempt + 1}`))).toBe("invalid");
    }
    expect(reasonOf(await signIn(email, DEMO_PASSWORD, "2001:db8:7:8::ff"))).toBe("rate_limited");
    expect(reasonOf(await signIn(email, DEMO_PASSWORD, "203.0.113.21"))).toBe("ok");
  });

  it("checks at most the per-account number of parallel guesses spread over many addresses, then refuses everyone", async () => {
    const email = "manager2@demo.test";
    const results = await Promise.all(Array.from({ length: PER_ACCOUNT + 10 }, (_, attempt) => signIn(email, `guess-${attempt}`, `192.0.2.${attempt + 1}`)));
    expect(results.filter((result) => reasonOf(result) === "invalid")).toHaveLength(PER_ACCOUNT);
    expect(results.filter((result) => reasonOf(result) === "rate_limited")).toHaveLength(10);
    // Past the cap even the right password from an address that never guessed is refused.
    expect(reasonOf(await signIn(email, DEMO_PASSWORD, "203.0.113.22"))).toBe("rate_limited");
    const refusals = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorEmail, email), eq(auditLog.action, "auth.sign_in_failed")));
    // One row per checked guess and one for all the refusals of the window.
    expect(refusals.filter((row) => (row.summary as { reason?: string }).reason === "wrong_password")).toHaveLength(PER_ACCOUNT);
    expect(refusals.filter((row) => (row.summary as { reason?: string }).reason === "rate_limited")).toHaveLength(1);
  });

  it("a successful sign-in starts its own address's count afresh", async () => {
    const email = "auditor@demo.test";
    for (let attempt = 0; attempt < PER_ACCOUNT_AND_ADDRESS - 1; attempt += 1) expect(reasonOf(await signIn(email, `typo-${attempt}`, "198.51.100.12"))).toBe("invalid");
    expect(reasonOf(await signIn(email, DEMO_PASSWORD, "198.51.100.12"))).toBe("ok");
    for (let attempt = 0; attempt < PER_ACCOUNT_AND_ADDRESS; attempt += 1) expect(reasonOf(await signIn(email, `typo-${attempt}`, "198.51.100.12"))).toBe("invalid");
    expect(reasonOf(await signIn(email, DEMO_PASSWORD, "198.51.100.12"))).toBe("rate_limited");
  });

  it("a successful sign-in leaves the account's count as it is, so it gives a spread attack no fresh guesses", async () => {
    const email = "finance2@demo.test";
    for (let attempt = 0; attempt < PER_ACCOUNT - 1; attempt += 1) {
      expect(reasonOf(await signIn(email, `guess-${attempt}`, `198.18.${Math.floor(attempt / 4)}.${attempt % 4}`))).toBe("invalid");
    }
    // 49 of 50: the person signs in; only a guess more is left to anyone, wherever it comes from.
    expect(reasonOf(await signIn(email, DEMO_PASSWORD, "198.18.0.0"))).toBe("ok");
    expect(reasonOf(await signIn(email, "one-more-guess", "198.18.50.1"))).toBe("invalid");
    expect(reasonOf(await signIn(email, "past-the-cap", "198.18.50.2"))).toBe("rate_limited");
  });
});
