/**
 * The per-address sign-in limit (SIGN_IN_MAX_FAILURES × 4 per window, one office NAT) counts failures. The form sends a
 * two-factor sign-in twice: the password alone, answered "enter your code", then the password with the code. The first
 * step's hit on the address was never given back, so 20 correct two-factor sign-ins from one office locked out the next
 * person with the right password and code. From review identity43 (F3).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { insertUser, replaceUserRoles } from "@/db/queries/people";
import { findUserByEmail } from "@/db/queries/users";
import { DEMO_PASSWORD, seedDemo } from "@/db/seed";
import { currentTotpCode } from "@/lib/two-factor/totp";
import { withTestDatabase } from "@/test/database";
import { withAuthenticator, wrongTotpCodes } from "@/test/two-factor-person";
import { authenticate, type AuthenticateResult } from "./authenticate";
import { hashPassword } from "./password";

const database = withTestDatabase();
const db = () => database.db();

// The defaults: SIGN_IN_MAX_FAILURES (5) per account and address, four times that per address over all accounts.
const PER_ACCOUNT_AND_ADDRESS = 5;
const PER_ADDRESS = 20;

type Colleague = { email: string; secret: string };

/** Employees of the demo organisation with an authenticator each, signing in with the demo password. */
async function colleaguesWithAuthenticators(prefix: string, count: number): Promise<Colleague[]> {
  const admin = (await findUserByEmail(db(), "admin@demo.test"))!;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const colleagues: Colleague[] = [];
  for (let index = 0; index < count; index += 1) {
    const email = `${prefix}${index}@demo.test`;
    const userId = await insertUser(db(), { organizationId: admin.organizationId, email, name: `${prefix} ${index}`, passwordHash, mustChangePassword: false });
    await replaceUserRoles(db(), { userId, roles: ["employee"] });
    const { secret } = await withAuthenticator(db(), email);
    colleagues.push({ email, secret });
  }
  return colleagues;
}

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
});

const signIn = (email: string, ip: string, options: { password?: string; code?: string } = {}) =>
  authenticate(db(), { email, password: options.password ?? DEMO_PASSWORD, code: options.code, meta: { ip, userAgent: "vitest" } });
const reasonOf = (result: AuthenticateResult) => (result.ok ? "ok" : result.reason);

describe("the per-address sign-in limit and two-factor sign-ins", () => {
  it("more correct two-factor sign-ins than the limit from one office address all get in, and so does the next person", async () => {
    const office = "198.51.100.30";
    const colleagues = await colleaguesWithAuthenticators("office", PER_ADDRESS + 5);
    const outcomes: string[] = [];
    for (const colleague of colleagues) {
      // As the form sends it: the password alone (Cardhub asks for the code), then the password with the code.
      const first = reasonOf(await signIn(colleague.email, office));
      const second = first === "two_factor_required" ? reasonOf(await signIn(colleague.email, office, { code: currentTotpCode(colleague.secret) })) : first;
      outcomes.push(`${first} then ${second}`);
    }
    expect(outcomes).toEqual(colleagues.map(() => "two_factor_required then ok"));
    // Someone without an authenticator, right password, from the same office.
    expect(reasonOf(await signIn("employee@demo.test", office))).toBe("ok");
  });

  it("wrong codes still count against the address: the limit's number of them locks it", async () => {
    const office = "198.51.100.31";
    const colleagues = await colleaguesWithAuthenticators("typo", PER_ADDRESS / 4);
    for (const colleague of colleagues) {
      // Four wrong codes each: under the person's two-factor limit (5) and their per-account-and-address limit (5).
      expect(reasonOf(await signIn(colleague.email, office))).toBe("two_factor_required");
      for (const code of wrongTotpCodes(colleague.secret, 4)) expect(reasonOf(await signIn(colleague.email, office, { code }))).toBe("invalid_code");
    }
    expect(reasonOf(await signIn("employee2@demo.test", office))).toBe("rate_limited");
    expect(reasonOf(await signIn("employee2@demo.test", "203.0.113.31"))).toBe("ok");
  });

  it("the password alone, asked for a code, still counts against that account from that address", async () => {
    const address = "198.51.100.32";
    const { secret } = await withAuthenticator(db(), "manager2@demo.test");
    for (let attempt = 0; attempt < PER_ACCOUNT_AND_ADDRESS; attempt += 1) expect(reasonOf(await signIn("manager2@demo.test", address))).toBe("two_factor_required");
    expect(reasonOf(await signIn("manager2@demo.test", address, { code: currentTotpCode(secret) }))).toBe("rate_limited");
    // The person signs in from elsewhere; only this account at this address is held.
    expect(reasonOf(await signIn("manager2@demo.test", "203.0.113.32", { code: currentTotpCode(secret) }))).toBe("ok");
  });
});
