import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { DEMO_PASSWORD, seedDemo } from "@/db/seed";
import { env } from "@/lib/env";
import { currentTotpCode } from "@/lib/two-factor/totp";
import { withTestDatabase } from "@/test/database";
import { withAuthenticator, wrongTotpCodes } from "@/test/two-factor-person";
import { authenticate, type AuthenticateResult } from "./authenticate";

const database = withTestDatabase();
const db = () => database.db();

// The defaults: SIGN_IN_MAX_FAILURES (5) per account and address, ten times that per account across all addresses.
const PER_ACCOUNT_AND_ADDRESS = 5;
const PER_ACCOUNT = 50;

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
});

const signIn = (email: string, password: string, ip: string, code?: string) => authenticate(db(), { email, password, code, meta: { ip, userAgent: "vitest" } });
const reasonOf = (result: AuthenticateResult) => (result.ok ? "ok" : result.reason);

/** The reasons of the account's sign-in failure rows by outcome, oldest first. */
async function signInFailures(email: string) {
  const rows = await db()
    .select({ outcome: auditLog.outcome, summary: auditLog.summary })
    .from(auditLog)
    .where(and(eq(auditLog.actorEmail, email), eq(auditLog.action, "auth.sign_in_failed")))
    .orderBy(auditLog.id);
  const reasons = (outcome: string) => rows.filter((row) => row.outcome === outcome).map((row) => (row.summary as { reason?: string }).reason);
  return { failure: reasons("failure"), denied: reasons("denied") };
}

/** The limit window passes: every attempt counted so far (and every refusal noted) falls out of it. */
async function windowPasses(): Promise<void> {
  await db().execute(sql`update rate_limit_hits set created_at = created_at - make_interval(mins => ${env().SIGN_IN_WINDOW_MINUTES + 1})`);
}

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

describe("refusals by a sign-in limit are audited once per window", () => {
  it("20 refused sign-ins of one account and address write one denied row; the next window writes one more", async () => {
    const email = "manager@demo.test";
    const ip = "198.51.100.13";
    for (let attempt = 0; attempt < PER_ACCOUNT_AND_ADDRESS; attempt += 1) expect(reasonOf(await signIn(email, `guess-${attempt}`, ip))).toBe("invalid");
    for (let attempt = 0; attempt < 20; attempt += 1) expect(reasonOf(await signIn(email, DEMO_PASSWORD, ip))).toBe("rate_limited");

    const wrongPasswords = Array.from({ length: PER_ACCOUNT_AND_ADDRESS }, () => "wrong_password");
    expect(await signInFailures(email)).toEqual({ failure: wrongPasswords, denied: ["rate_limited"] });

    await windowPasses();
    for (let attempt = 0; attempt < PER_ACCOUNT_AND_ADDRESS; attempt += 1) expect(reasonOf(await signIn(email, `again-${attempt}`, ip))).toBe("invalid");
    for (let attempt = 0; attempt < 20; attempt += 1) expect(reasonOf(await signIn(email, DEMO_PASSWORD, ip))).toBe("rate_limited");
    expect(await signInFailures(email)).toEqual({ failure: [...wrongPasswords, ...wrongPasswords], denied: ["rate_limited", "rate_limited"] });
  });

  it("20 sign-ins refused at the second step by the two-factor limit write one denied row; the next window writes one more", async () => {
    const email = "finance@demo.test";
    const { secret } = await withAuthenticator(db(), email);
    // The password is right every time, from a new address each time: only the person's two-factor limit refuses.
    let address = 0;
    const nextIp = () => `203.0.113.${(address += 1)}`;
    const wrongCodes = async () => {
      for (const code of wrongTotpCodes(secret, PER_ACCOUNT_AND_ADDRESS)) expect(reasonOf(await signIn(email, DEMO_PASSWORD, nextIp(), code))).toBe("invalid_code");
    };
    const refusedWithRightCodes = async () => {
      for (let attempt = 0; attempt < 20; attempt += 1) expect(reasonOf(await signIn(email, DEMO_PASSWORD, nextIp(), currentTotpCode(secret)))).toBe("rate_limited");
    };

    await wrongCodes();
    await refusedWithRightCodes();
    const wrongCodeRows = Array.from({ length: PER_ACCOUNT_AND_ADDRESS }, () => "wrong_two_factor_code");
    expect(await signInFailures(email)).toEqual({ failure: wrongCodeRows, denied: ["two_factor_rate_limited"] });

    await windowPasses();
    await wrongCodes();
    await refusedWithRightCodes();
    expect(await signInFailures(email)).toEqual({ failure: [...wrongCodeRows, ...wrongCodeRows], denied: ["two_factor_rate_limited", "two_factor_rate_limited"] });
  });
});
