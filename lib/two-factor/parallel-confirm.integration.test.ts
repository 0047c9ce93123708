/**
 * Confirming an authenticator set-up switches two-factor on and hands out ten recovery codes, once. Two confirmations
 * in parallel (two tabs, a request sent again after a lost answer) both succeeded, each showing ten codes of which only
 * the last set stored works; a confirmation racing a restart of the set-up switched on the secret the restart had just
 * replaced. From review identity43 (F4).
 */
import { and, eq, gt, max } from "drizzle-orm";
import pg from "pg";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { findTwoFactorState, listUnusedRecoveryCodes } from "@/db/queries/two-factor";
import { auditLog } from "@/db/schema/audit";
import { seedDemo } from "@/db/seed";
import { auditContextFor, type SessionUser } from "@/lib/auth/session-user";
import { decryptString, encryptString } from "@/lib/crypto";
import { withTestDatabase } from "@/test/database";
import { lockWaitersReach } from "@/test/lock-waits";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { confirmTotpEnrollment, startTotpEnrollment } from "./enrollment";
import { matchRecoveryCode } from "./recovery-codes";
import { currentTotpCode, generateTotpSecret } from "./totp";

const database = withTestDatabase();
const db = () => database.db();

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
});

let mark = 0n;
beforeEach(async () => {
  mark = (await db().select({ last: max(auditLog.id) }).from(auditLog))[0]?.last ?? 0n;
});

const enabledRows = async (userId: string) =>
  db()
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(and(eq(auditLog.action, "two_factor.enabled"), eq(auditLog.targetId, userId), gt(auditLog.id, mark)));

/** How a confirmation ended: its recovery codes, or the refusal's code and message. */
const settled = (confirmation: Promise<{ recoveryCodes: string[] }>) =>
  confirmation.then(
    (value) => ({ ok: true as const, recoveryCodes: value.recoveryCodes }),
    (error: { code?: string; message?: string }) => ({ ok: false as const, code: error.code, message: error.message }),
  );

/**
 * Another connection holds the person's row as a write to it would, until `release`: confirmations started meanwhile
 * read the pending set-up, then queue on the row, so both have passed every check before either writes.
 */
async function holdPersonRow(userId: string): Promise<{ client: pg.Client; release: (sqlText?: string, params?: unknown[]) => Promise<void> }> {
  const client = new pg.Client({ connectionString: database.url() });
  await client.connect();
  await client.query("begin");
  await client.query("select id from users where id = $1 for no key update", [userId]);
  return {
    client,
    release: async (sqlText, params) => {
      if (sqlText) await client.query(sqlText, params);
      await client.query("commit");
      await client.end();
    },
  };
}

async function enrolling(email: string): Promise<{ person: SessionUser; secret: string }> {
  const person = await sessionUserFor(db(), email);
  const { secret } = await startTotpEnrollment(db(), auditContextFor(person, TEST_META), person);
  return { person, secret };
}

describe("confirming an authenticator set-up twice at once", () => {
  it("switches two-factor on once: one confirmation gets the recovery codes that work, the other is refused", async () => {
    const { person, secret } = await enrolling("employee2@demo.test");
    const context = auditContextFor(person, TEST_META);
    const code = currentTotpCode(secret);

    const row = await holdPersonRow(person.id);
    const confirmations = [settled(confirmTotpEnrollment(db(), context, person, code)), settled(confirmTotpEnrollment(db(), context, person, code))];
    await lockWaitersReach(row.client, 2);
    await row.release();
    const outcomes = await Promise.all(confirmations);

    const granted = outcomes.filter((outcome) => outcome.ok);
    const refused = outcomes.filter((outcome) => !outcome.ok);
    expect(refused).toEqual([{ ok: false, code: "conflict", message: expect.stringMatching(/already on/) }]);
    expect(granted).toHaveLength(1);
    // Every code shown is one that is stored.
    const stored = await listUnusedRecoveryCodes(db(), person.id);
    expect(stored).toHaveLength(10);
    const shown = granted[0]!.recoveryCodes;
    expect(await Promise.all(shown.map(async (recoveryCode) => (await matchRecoveryCode(recoveryCode, stored)) !== null))).toEqual(shown.map(() => true));
    expect(await enabledRows(person.id)).toHaveLength(1);
  });

  it("refuses a confirmation whose set-up was restarted meanwhile, and the new set-up confirms", async () => {
    const { person, secret } = await enrolling("auditor@demo.test");
    const context = auditContextFor(person, TEST_META);

    // The person restarts the set-up in another tab (a new pending secret) while the old code's confirmation is under way.
    const row = await holdPersonRow(person.id);
    const confirmation = settled(confirmTotpEnrollment(db(), context, person, currentTotpCode(secret)));
    await lockWaitersReach(row.client, 1);
    const restarted = generateTotpSecret();
    await row.release("update users set totp_pending_secret_encrypted = $1 where id = $2", [encryptString(restarted), person.id]);

    expect(await confirmation).toEqual({ ok: false, code: "conflict", message: expect.stringMatching(/Start the set-up again/) });
    expect(await findTwoFactorState(db(), person.id)).toMatchObject({ secretEncrypted: null });
    expect(await listUnusedRecoveryCodes(db(), person.id)).toEqual([]);
    expect(await enabledRows(person.id)).toEqual([]);

    const confirmed = await confirmTotpEnrollment(db(), context, person, currentTotpCode(restarted));
    expect(confirmed.recoveryCodes).toHaveLength(10);
    const switchedOn = await findTwoFactorState(db(), person.id);
    expect(decryptString(switchedOn!.secretEncrypted!)).toBe(restarted);
  });
});
