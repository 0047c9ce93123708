import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { replaceRecoveryCodes } from "@/db/queries/two-factor";
import { auditLog } from "@/db/schema/audit";
import { notifications } from "@/db/schema/notifications";
import { seedDemo } from "@/db/seed";
import { authenticate } from "@/lib/auth/authenticate";
import { reauthenticate } from "@/lib/auth/reauthenticate";
import type { SessionUser } from "@/lib/auth/session-user";
import { adminContextFor } from "@/lib/users/admin-context";
import { resetTwoFactor } from "@/lib/users/reset-two-factor";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { outcomeOf, withAuthenticator, wrongTotpCodes } from "@/test/two-factor-person";
import { generateRecoveryCodes } from "./recovery-codes";
import { twoFactorLocksOf } from "./day-lock";
import { currentTotpCode } from "./totp";

const database = withTestDatabase();
const db = () => database.db();
// The defaults: SIGN_IN_MAX_FAILURES (5) wrong codes per 15 minutes; 20 wrong codes in 24 hours lock code entry.
const PER_WINDOW = 5;
const DAY_MAX = 20;
const STEP = 30_000;

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
});

async function signIn(email: string, code: string): Promise<string> {
  const result = await authenticate(db(), { email, password: "demo-password", code, meta: TEST_META });
  return result.ok ? "ok" : result.reason;
}
const stepUp = (user: SessionUser, code: string) => outcomeOf(reauthenticate(db(), user, TEST_META, { code }));

/** Moves every recorded attempt back in time, as if that many minutes had passed (every 15-minute window moves on). */
async function pass(minutes: number): Promise<void> {
  await db().execute(sql`update rate_limit_hits set created_at = created_at - make_interval(mins => ${minutes})`);
}
const passWindow = () => pass(16);

/** Twenty wrong codes, five per 15-minute window: at sign-in, or at the step-up for every other window. */
async function typeTwentyWrongCodes(user: SessionUser, secret: string, codes = wrongTotpCodes(secret, DAY_MAX)): Promise<void> {
  for (let window = 0; window < codes.length / PER_WINDOW; window += 1) {
    for (const code of codes.slice(window * PER_WINDOW, (window + 1) * PER_WINDOW)) {
      if (window % 2 === 0) expect(await signIn(user.email, code)).toBe("invalid_code");
      else expect(await stepUp(user, code)).toBe("invalid_input");
    }
    await passWindow();
  }
}

const lockRows = (userId: string) =>
  db()
    .select({ outcome: auditLog.outcome, actorUserId: auditLog.actorUserId, targetType: auditLog.targetType, targetId: auditLog.targetId, summary: auditLog.summary })
    .from(auditLog)
    .where(and(eq(auditLog.action, "auth.two_factor_locked"), eq(auditLog.targetId, userId)));
const lockNotices = (userId: string) =>
  db()
    .select({ kind: notifications.kind, title: notifications.title, body: notifications.body, href: notifications.href })
    .from(notifications)
    .where(and(eq(notifications.recipientUserId, userId), eq(notifications.kind, "account.two_factor_locked")));

describe("the 24-hour limit of wrong two-factor codes", () => {
  it("refuses every code, right ones and recovery codes too, after 20 wrong codes across several 15-minute windows", async () => {
    const { user, secret } = await withAuthenticator(db(), "employee@demo.test");
    const { codes: recovery, hashes } = await generateRecoveryCodes();
    await replaceRecoveryCodes(db(), { userId: user.id, hashes });
    await typeTwentyWrongCodes(user, secret);

    // Every 15-minute count has moved on: only the 24-hour lock refuses.
    expect(await signIn(user.email, currentTotpCode(secret))).toBe("rate_limited");
    expect(await signIn(user.email, recovery[0]!)).toBe("rate_limited");
    expect(await stepUp(user, currentTotpCode(secret, Date.now() + STEP))).toBe("rate_limited");
    await pass(23 * 60);
    expect(await signIn(user.email, currentTotpCode(secret))).toBe("rate_limited");
    await pass(61);
    expect(await signIn(user.email, currentTotpCode(secret))).toBe("ok");
  });

  it("lasts 24 hours from the code that filled the count, not from the first wrong code", async () => {
    const { user, secret } = await withAuthenticator(db(), "employee2@demo.test");
    const codes = wrongTotpCodes(secret, DAY_MAX);
    for (const code of codes.slice(0, PER_WINDOW)) expect(await signIn(user.email, code)).toBe("invalid_code");
    await pass(20 * 60);
    await typeTwentyWrongCodes(user, secret, codes.slice(PER_WINDOW));

    // The first five codes leave the 24 hours three hours later; the lock holds a full day from the twentieth.
    await pass(4 * 60);
    expect(await signIn(user.email, currentTotpCode(secret))).toBe("rate_limited");
  });

  it("is not reset by a right code in between", async () => {
    const { user, secret } = await withAuthenticator(db(), "manager@demo.test");
    const codes = wrongTotpCodes(secret, DAY_MAX);
    await typeTwentyWrongCodes(user, secret, codes.slice(0, 2 * PER_WINDOW));
    // A right code between wrong ones: the 15-minute count starts afresh, the 24-hour one keeps its ten.
    for (const code of codes.slice(2 * PER_WINDOW, 2 * PER_WINDOW + 2)) expect(await signIn(user.email, code)).toBe("invalid_code");
    expect(await signIn(user.email, currentTotpCode(secret))).toBe("ok");
    for (const code of codes.slice(2 * PER_WINDOW + 2, 3 * PER_WINDOW)) expect(await signIn(user.email, code)).toBe("invalid_code");
    await passWindow();
    await typeTwentyWrongCodes(user, secret, codes.slice(3 * PER_WINDOW));

    expect(await stepUp(user, currentTotpCode(secret, Date.now() + STEP))).toBe("rate_limited");
  });

  it("is cleared by an administrator's two-factor reset of the person", async () => {
    const { user, secret } = await withAuthenticator(db(), "manager2@demo.test");
    await typeTwentyWrongCodes(user, secret);
    expect(await signIn(user.email, currentTotpCode(secret))).toBe("rate_limited");
    // What the people page shows the administrator: locked for a day from the twentieth code (16 minutes ago).
    const lockedUntil = (await twoFactorLocksOf(db(), [user.id])).get(user.id);
    expect(Math.abs(lockedUntil!.getTime() - (Date.now() + (24 * 60 - 16) * 60_000))).toBeLessThan(60_000);

    const admin = await sessionUserFor(db(), "admin@demo.test");
    await resetTwoFactor(db(), adminContextFor({ user: admin, meta: TEST_META }), { userId: user.id });
    expect(await twoFactorLocksOf(db(), [user.id])).toEqual(new Map());
    const enrolledAgain = await withAuthenticator(db(), user.email);
    expect(await signIn(user.email, currentTotpCode(enrolledAgain.secret))).toBe("ok");
  });

  it("is audited once and tells the person once, naming no code", async () => {
    const { user, secret } = await withAuthenticator(db(), "finance@demo.test");
    const codes = wrongTotpCodes(secret, DAY_MAX);
    await typeTwentyWrongCodes(user, secret, codes);
    expect(await signIn(user.email, currentTotpCode(secret))).toBe("rate_limited");
    expect(await stepUp(user, currentTotpCode(secret, Date.now() + STEP))).toBe("rate_limited");
    expect(await signIn(user.email, codes[0]!)).toBe("rate_limited");

    expect(await lockRows(user.id)).toEqual([
      { outcome: "denied", actorUserId: user.id, targetType: "user", targetId: user.id, summary: { wrongCodes: DAY_MAX, lockedHours: 24 } },
    ]);
    const notices = await lockNotices(user.id);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.body).toMatch(/24 hours/);
    expect(notices[0]!.body).toMatch(/administrator/);
    for (const code of [...codes, currentTotpCode(secret)]) expect(JSON.stringify(notices[0])).not.toContain(code);
  });
});
