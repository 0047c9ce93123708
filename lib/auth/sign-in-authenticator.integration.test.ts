import { and, eq, isNull } from "drizzle-orm";
import pg from "pg";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { activateTotpSecret, clearTotp } from "@/db/queries/two-factor";
import { findUserByEmail } from "@/db/queries/users";
import { auditLog } from "@/db/schema/audit";
import { sessions } from "@/db/schema/sessions";
import { seedDemo } from "@/db/seed";
import { encryptString } from "@/lib/crypto";
import { currentTotpCode, generateTotpSecret } from "@/lib/two-factor/totp";
import { withTestDatabase } from "@/test/database";
import { serializeAll } from "@/test/serialize";
import { TEST_META } from "@/test/session-user";
import { authenticate } from "./authenticate";
import { endUserSessions } from "./end-session";

const database = withTestDatabase();
const db = () => database.db();
const PASSWORD = "demo-password";

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Gives the person an authenticator, as enrolment leaves it: the secret encrypted. */
async function withAuthenticator(email: string): Promise<{ userId: string; secret: string; encrypted: string }> {
  const person = (await findUserByEmail(db(), email))!;
  const secret = generateTotpSecret();
  const encrypted = encryptString(secret);
  await activateTotpSecret(db(), { userId: person.id, encrypted, step: 0 });
  return { userId: person.id, secret, encrypted };
}

/** The statements that read a person's authenticator secret, as the database receives them (pool queries included). */
function authenticatorReads(): () => string[] {
  const query = vi.spyOn(pg.Client.prototype, "query");
  return () =>
    query.mock.calls
      .map(([statement]) => (typeof statement === "string" ? statement : (statement as { text?: string }).text ?? ""))
      .filter((text) => /^\s*select\b/i.test(text) && text.includes('"totp_secret_encrypted"'));
}

describe("the authenticator a sign-in checks", () => {
  it("is read once besides the person's row and the comparison under the lock, and goes no further than the sign-in", async () => {
    const { encrypted, secret } = await withAuthenticator("finance@demo.test");
    const reads = authenticatorReads();
    const result = await authenticate(db(), { email: "finance@demo.test", password: PASSWORD, code: currentTotpCode(secret), meta: TEST_META });
    expect(result).toMatchObject({ ok: true });
    // The person's row by email, the code's check, and the share-locked comparison before the session is made.
    expect(reads()).toHaveLength(3);
    expect(serializeAll(result)).not.toContain(encrypted);
  });

  it("is not read again for someone without one", async () => {
    const reads = authenticatorReads();
    expect(await authenticate(db(), { email: "employee@demo.test", password: PASSWORD, meta: TEST_META })).toMatchObject({ ok: true });
    // The person's row by email (no authenticator: nothing to check) and the comparison under the lock.
    expect(reads()).toHaveLength(2);
  });

  it("must still be theirs when the session is made: a right code checked a moment before a two-factor reset gets no session", async () => {
    const { userId, secret } = await withAuthenticator("manager2@demo.test");
    const person = (await findUserByEmail(db(), "manager2@demo.test"))!;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let cleared!: () => void;
    const resetWritten = new Promise<void>((resolve) => (cleared = resolve));
    // As resetTwoFactor runs: the authenticator is removed and the sessions are ended, and the commit is still to come.
    const resetting = db().transaction(async (tx) => {
      await clearTotp(tx, userId);
      await endUserSessions(tx, { owner: person, reason: "two_factor_reset", actor: { organizationId: person.organizationId, actorUserId: null, actorEmail: null, actorRoles: [], ...TEST_META } });
      cleared();
      await gate;
    });
    await resetWritten;
    const signingIn = authenticate(db(), { email: "manager2@demo.test", password: PASSWORD, code: currentTotpCode(secret), meta: TEST_META });
    // Long enough for the sign-in to finish on its own if nothing holds it back.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    release();
    const [result] = await Promise.all([signingIn, resetting]);

    expect(result).toMatchObject({ ok: false, reason: "invalid" });
    expect(await db().select({ id: sessions.id }).from(sessions).where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))).toEqual([]);
    const [refusal] = await db().select().from(auditLog).where(and(eq(auditLog.actorUserId, userId), eq(auditLog.action, "auth.sign_in_failed")));
    expect(refusal).toMatchObject({ summary: { reason: "credentials_changed" } });
  });
});
