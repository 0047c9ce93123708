import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { users } from "@/db/schema/users";
import { findCard, updateCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { seedDemo } from "@/db/seed";
import { authenticator } from "otplib";
import { reauthenticate } from "@/lib/auth/reauthenticate";
import { encryptString } from "@/lib/crypto";
import { syncAllCards } from "@/lib/cards/sync-account-cards";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { cards } from "@/db/schema/cards";
import { clearHits } from "@/db/queries/rate-limits";
import { revealCardSecrets } from "./reveal-card";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
let sandbox: RunningSandbox;
let companyCardId: string;
let employeeCardId: string;
let sandboxSecrets: { cardId: string; cardNumber: string; cvv: string }[];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 20 });
  const db = database.db();
  await seedDemo(db, { sandboxUrl: sandbox.url });
  await syncAllCards(db);
  const imported = await db.select().from(cards).where(eq(cards.status, "active"));
  expect(imported.length).toBeGreaterThan(1);
  companyCardId = imported[0]!.id;
  const employee = await sessionUserFor(db, "employee@demo.test");
  employeeCardId = imported[1]!.id;
  await updateCard(db, employeeCardId, { ownerUserId: employee.id, teamId: employee.teamIds[0] });
  sandboxSecrets = ((await (await fetch(`${sandbox.url}/_sandbox/card-secrets`)).json()) as { cards: typeof sandboxSecrets }).cards;
  expect((await listProviderAccounts(db)).length).toBe(3);
});
afterAll(async () => sandbox?.close());

const stale = (user: Awaited<ReturnType<typeof sessionUserFor>>) => ({ ...user, reauthenticatedAt: new Date(Date.now() - 6 * 60_000) });

async function lastAudit(cardId: string) {
  const [row] = await database.db().select().from(auditLog).where(eq(auditLog.targetId, cardId)).orderBy(desc(auditLog.id)).limit(1);
  return row;
}

describe("revealing card details", () => {
  it("gives the owner the provider's number, CVV and expiry, audited before answering", async () => {
    const owner = await sessionUserFor(database.db(), "employee@demo.test");
    const secrets = await revealCardSecrets(database.db(), owner, TEST_META, { cardId: employeeCardId });
    const card = await findCard(database.db(), employeeCardId);
    const expected = sandboxSecrets.find((entry) => entry.cardId === card?.providerCardId);
    expect(secrets.number).toBe(expected?.cardNumber);
    expect(secrets.cvv).toBe(expected?.cvv);
    expect(secrets.expiryYear).toBeGreaterThan(2024);
    const audit = await lastAudit(employeeCardId);
    expect(audit).toMatchObject({ action: "card.revealed", actorEmail: "employee@demo.test", ip: "127.0.0.1", userAgent: "vitest" });
    expect(JSON.stringify({ ...audit, id: String(audit?.id) })).not.toContain(secrets.number);
  });

  it("asks for a fresh step-up after five minutes, and records the denial", async () => {
    const owner = stale(await sessionUserFor(database.db(), "employee@demo.test"));
    await expect(revealCardSecrets(database.db(), owner, TEST_META, { cardId: employeeCardId })).rejects.toMatchObject({ code: "step_up_required" });
    expect(await lastAudit(employeeCardId)).toMatchObject({ action: "card.reveal_denied", summary: { reason: "step_up_required" } });
  });

  it("never shows a card to managers, auditors, admins or other employees, and audits each refusal", async () => {
    for (const email of ["manager@demo.test", "auditor@demo.test", "admin@demo.test", "employee2@demo.test"]) {
      const user = await sessionUserFor(database.db(), email);
      await expect(revealCardSecrets(database.db(), user, TEST_META, { cardId: employeeCardId })).rejects.toMatchObject({ code: "forbidden" });
      expect(await lastAudit(employeeCardId)).toMatchObject({ action: "card.reveal_denied", actorEmail: email, summary: { reason: "not_permitted" } });
    }
  });

  it("records an attempt on a card that is not in the caller's organisation (none, or another's: the same answer)", async () => {
    const owner = await sessionUserFor(database.db(), "employee@demo.test");
    const missing = "00000000-0000-4000-8000-000000000123";
    await expect(revealCardSecrets(database.db(), owner, TEST_META, { cardId: missing })).rejects.toMatchObject({ code: "not_found", message: "That card does not exist." });
    expect(await lastAudit(missing)).toMatchObject({ action: "card.reveal_denied", outcome: "denied", actorEmail: "employee@demo.test", targetType: "card", summary: { reason: "card_not_found" } });
  });

  it("lets finance see an unassigned company card only with a stated reason", async () => {
    const finance = await sessionUserFor(database.db(), "finance@demo.test");
    const before = await lastAudit(companyCardId);
    for (const reason of [undefined, "", "   ", "pay"]) {
      await expect(revealCardSecrets(database.db(), finance, TEST_META, { cardId: companyCardId, reason })).rejects.toMatchObject({
        code: "invalid_input",
        fields: { reason: "Give a reason of at least 5 characters." },
      });
    }
    // A missing reason is the form's error, not a denial: no red "refused" row on record.
    expect((await lastAudit(companyCardId))?.id).toBe(before?.id);
    const secrets = await revealCardSecrets(database.db(), finance, TEST_META, { cardId: companyCardId, reason: "Pay the hosting invoice" });
    expect(secrets.number).toMatch(/^\d{15,16}$/);
    expect(await lastAudit(companyCardId)).toMatchObject({ action: "card.revealed", summary: { statedReason: "Pay the hosting invoice", companyCard: true } });
    await expect(revealCardSecrets(database.db(), finance, TEST_META, { cardId: employeeCardId })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("stops after five reveals in ten minutes", async () => {
    const owner = await sessionUserFor(database.db(), "employee@demo.test");
    const [{ value: before }] = [{ value: (await database.db().select().from(auditLog).where(and(eq(auditLog.action, "card.revealed"), eq(auditLog.actorUserId, owner.id)))).length }];
    for (let index = before; index < 5; index += 1) await revealCardSecrets(database.db(), owner, TEST_META, { cardId: employeeCardId });
    await expect(revealCardSecrets(database.db(), owner, TEST_META, { cardId: employeeCardId })).rejects.toMatchObject({ code: "rate_limited" });
    expect(await lastAudit(employeeCardId)).toMatchObject({ action: "card.reveal_denied", summary: { reason: "rate_limited" } });
  });
});

describe("limits under parallel requests", () => {
  it("lets exactly five of twenty parallel reveals through, and audits every refusal", async () => {
    const owner = await sessionUserFor(database.db(), "employee@demo.test");
    await clearHits(database.db(), { bucket: "reveal", key: owner.id });
    const deniedBefore = (await database.db().select().from(auditLog).where(and(eq(auditLog.action, "card.reveal_denied"), eq(auditLog.actorUserId, owner.id)))).length;
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => revealCardSecrets(database.db(), owner, TEST_META, { cardId: employeeCardId })),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(5);
    const refused = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
    expect(refused.every((result) => result.reason.code === "rate_limited")).toBe(true);
    const deniedAfter = (await database.db().select().from(auditLog).where(and(eq(auditLog.action, "card.reveal_denied"), eq(auditLog.actorUserId, owner.id)))).length;
    expect(deniedAfter - deniedBefore).toBe(15);
  });

  it("checks at most five of twelve parallel wrong step-up passwords, then refuses the right one", async () => {
    const user = stale(await sessionUserFor(database.db(), "finance@demo.test"));
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => reauthenticate(database.db(), user, TEST_META, { password: "wrong" })));
    const codes = results.map((result) => (result.status === "rejected" ? result.reason.code : "ok"));
    expect(codes.filter((code) => code === "invalid_input")).toHaveLength(5);
    expect(codes.filter((code) => code === "rate_limited")).toHaveLength(7);
    await expect(reauthenticate(database.db(), user, TEST_META, { password: "demo-password" })).rejects.toMatchObject({ code: "rate_limited" });
  });
});

describe("step-up", () => {
  it("accepts the password of a user without an authenticator and refuses a wrong one", async () => {
    const user = stale(await sessionUserFor(database.db(), "manager@demo.test"));
    await expect(reauthenticate(database.db(), user, TEST_META, { password: "wrong" })).rejects.toMatchObject({ fields: { password: expect.any(String) } });
    const result = await reauthenticate(database.db(), user, TEST_META, { password: "demo-password" });
    expect(result.until.getTime()).toBeGreaterThan(Date.now() + 4 * 60_000);
  });

  it("requires the authenticator code, not the password, once a user enrolled one", async () => {
    const secret = authenticator.generateSecret();
    const user = await sessionUserFor(database.db(), "employee2@demo.test");
    await database.db().update(users).set({ totpSecretEncrypted: encryptString(secret) }).where(eq(users.id, user.id));
    await expect(reauthenticate(database.db(), user, TEST_META, { password: "demo-password" })).rejects.toMatchObject({ fields: { code: expect.any(String) } });
    await expect(reauthenticate(database.db(), user, TEST_META, { code: "000000" === authenticator.generate(secret) ? "111111" : "000000" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(reauthenticate(database.db(), user, TEST_META, { code: authenticator.generate(secret) })).resolves.toHaveProperty("until");
  });
});
