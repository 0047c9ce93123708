import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { cards } from "@/db/schema/cards";
import { findCard, insertCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { reassignCard } from "./edit-card";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const { reassignCardAction } = await import("@/lib/actions/cards/reassign-card");
const { issueCardAction } = await import("@/lib/actions/cards/issue-card");
const { revealCardAction } = await import("@/lib/actions/cards/reveal-card");

const database = withTestDatabase();
let cardId: string;
let employee: SessionUser;

beforeAll(async () => {
  const db = database.db();
  // The reveal must be refused before any provider is asked: an unreachable sandbox proves it.
  await seedDemo(db, { sandboxUrl: "http://127.0.0.1:9" });
  employee = await sessionUserFor(db, "employee@demo.test");
  const [account] = await listProviderAccounts(db);
  const card = await insertCard(db, {
    organizationId: employee.organizationId,
    providerAccountId: account!.id,
    providerCardId: "remote-walk-around",
    cardModel: "prepaid",
    ownerUserId: employee.id,
    teamId: employee.teamIds[0],
    alias: "Eli's card",
    currency: "USD",
    status: "active",
    balance: 1000n,
  });
  cardId = card.id;
});

async function lastRowFor(email: string) {
  const [row] = await database.db().select().from(auditLog).where(and(eq(auditLog.actorEmail, email), eq(auditLog.targetId, cardId))).orderBy(desc(auditLog.id)).limit(1);
  return row;
}

describe("nobody makes themselves a card's owner (the reveal walk-around)", () => {
  it("refuses finance reassigning a cardholder's card to themselves, audits the denial, and the reveal stays refused", async () => {
    const finance = await sessionUserFor(database.db(), "finance@demo.test");
    // A fresh step-up, so nothing but ownership stands between finance and the number.
    session.user = { ...finance, reauthenticatedAt: new Date() };

    const reassign = await reassignCardAction({ cardId, ownerUserId: finance.id });
    expect(reassign).toMatchObject({ ok: false, error: { code: "forbidden", fields: { ownerUserId: expect.any(String) } } });
    expect((await findCard(database.db(), cardId))?.ownerUserId).toBe(employee.id);
    expect(await lastRowFor("finance@demo.test")).toMatchObject({
      action: "permission.denied",
      outcome: "denied",
      targetType: "card",
      summary: { permission: "card.edit", reason: "self_assignment" },
    });

    const reveal = await revealCardAction({ cardId, reason: "walking around the owner rule" });
    expect(reveal).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await lastRowFor("finance@demo.test")).toMatchObject({ action: "card.reveal_denied", outcome: "denied" });
  });

  it("refuses it with the person's own id written in capitals, which PostgreSQL reads as the same id", async () => {
    const finance = await sessionUserFor(database.db(), "finance@demo.test");
    session.user = { ...finance, reauthenticatedAt: new Date() };
    const reassign = await reassignCardAction({ cardId, ownerUserId: finance.id.toUpperCase(), teamId: employee.teamIds[0]!.toUpperCase() });
    expect(reassign).toMatchObject({ ok: false, error: { code: "forbidden", fields: { ownerUserId: expect.any(String) } } });
    expect((await findCard(database.db(), cardId))?.ownerUserId).toBe(employee.id);
    const [account] = await listProviderAccounts(database.db());
    const issue = await issueCardAction({ kind: "cardopenapi", accountId: account!.id, productId: "any-product", ownerUserId: finance.id.toUpperCase(), alias: "Finance's own card", initialAmount: "10" });
    expect(issue).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });

  it("refuses the self-assignment in the plain function too, whatever the caller (and keeps the card unchanged)", async () => {
    const finance = await sessionUserFor(database.db(), "finance@demo.test");
    await expect(reassignCard(database.db(), finance, TEST_META, { cardId, ownerUserId: finance.id, teamId: null })).rejects.toMatchObject({ code: "forbidden" });
    expect(await findCard(database.db(), cardId)).toMatchObject({ ownerUserId: employee.id, teamId: employee.teamIds[0] });
  });

  it("still lets finance give the card to someone else", async () => {
    const finance = await sessionUserFor(database.db(), "finance@demo.test");
    const other = await sessionUserFor(database.db(), "employee2@demo.test");
    session.user = finance;
    expect(await reassignCardAction({ cardId, ownerUserId: other.id })).toMatchObject({ ok: true });
    expect((await findCard(database.db(), cardId))?.ownerUserId).toBe(other.id);
    expect(await lastRowFor("finance@demo.test")).toMatchObject({ action: "card.reassigned", outcome: "success" });
  });

  it("refuses finance issuing a new card to themselves before anything is written, and audits the denial", async () => {
    const finance = await sessionUserFor(database.db(), "finance@demo.test");
    session.user = finance;
    const [account] = await listProviderAccounts(database.db());
    const cardsBefore = await database.db().select({ id: cards.id }).from(cards);
    const result = await issueCardAction({
      kind: "cardopenapi",
      accountId: account!.id,
      productId: "any-product",
      ownerUserId: finance.id,
      alias: "Finance's own card",
      initialAmount: "10",
    });
    expect(result).toMatchObject({ ok: false, error: { code: "forbidden", fields: { ownerUserId: expect.any(String) } } });
    expect(await database.db().select({ id: cards.id }).from(cards)).toHaveLength(cardsBefore.length);
    const [denial] = await database.db().select().from(auditLog).where(eq(auditLog.actorEmail, "finance@demo.test")).orderBy(desc(auditLog.id)).limit(1);
    expect(denial).toMatchObject({ action: "permission.denied", outcome: "denied", summary: { permission: "card.issue", reason: "self_assignment" } });
  });
});
