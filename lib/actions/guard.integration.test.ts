import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { organizations } from "@/db/schema/organizations";
import { insertCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const { freezeCardAction } = await import("@/lib/actions/cards/freeze-card");
const { topUpCardAction } = await import("@/lib/actions/cards/top-up-card");
const { issueCardAction } = await import("@/lib/actions/cards/issue-card");
const { revealCardAction } = await import("@/lib/actions/cards/reveal-card");
const { setCardLimitsAction } = await import("@/lib/actions/cards/set-card-limits");
const { unfreezeCardAction } = await import("@/lib/actions/cards/unfreeze-card");

const database = withTestDatabase();
let employeesCard: string;
let financesCard: string;

beforeAll(async () => {
  const db = database.db();
  await seedDemo(db, { sandboxUrl: "http://127.0.0.1:9" });
  const employee = await sessionUserFor(db, "employee@demo.test");
  const [account] = await listProviderAccounts(db);
  const card = await insertCard(db, {
    organizationId: employee.organizationId,
    providerAccountId: account!.id,
    providerCardId: "remote-1",
    cardModel: "prepaid",
    ownerUserId: employee.id,
    teamId: employee.teamIds[0],
    alias: "Eli's card",
    currency: "USD",
    status: "active",
    balance: 1000n,
  });
  employeesCard = card.id;
  const finance = await sessionUserFor(db, "finance@demo.test");
  const own = await insertCard(db, {
    organizationId: finance.organizationId,
    providerAccountId: account!.id,
    providerCardId: "remote-2",
    cardModel: "sharebalance",
    ownerUserId: finance.id,
    teamId: null,
    alias: "Fiona's card",
    currency: "USD",
    status: "frozen",
    balance: 0n,
  });
  financesCard = own.id;
});

async function lastDenial(email: string) {
  const [row] = await database.db().select().from(auditLog).where(and(eq(auditLog.actorEmail, email), eq(auditLog.outcome, "denied"))).orderBy(desc(auditLog.id)).limit(1);
  return row;
}

describe("every server action checks the session and the permission itself", () => {
  it("answers a signed-out call with unauthenticated", async () => {
    session.user = null;
    expect(await freezeCardAction({ cardId: employeesCard })).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
  });

  it("refuses the auditor every change, and records each refusal", async () => {
    session.user = await sessionUserFor(database.db(), "auditor@demo.test");
    expect(await freezeCardAction({ cardId: employeesCard })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    // Aimed at a card: the refusal is in the card's own history.
    expect(await lastDenial("auditor@demo.test")).toMatchObject({ action: "permission.denied", targetType: "card", targetId: employeesCard, summary: { permission: "card.freeze" } });
    expect(await topUpCardAction({ cardId: employeesCard, amount: "5" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await issueCardAction({ kind: "cardopenapi" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await lastDenial("auditor@demo.test")).toMatchObject({ action: "permission.denied", summary: { permission: "card.issue" } });
    expect(await revealCardAction({ cardId: employeesCard })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await lastDenial("auditor@demo.test")).toMatchObject({ action: "card.reveal_denied", targetType: "card", targetId: employeesCard, summary: { permission: "card.reveal" } });
  });

  it("refuses another employee's forged freeze of this card, naming the card in the audit row", async () => {
    session.user = await sessionUserFor(database.db(), "employee2@demo.test");
    expect(await freezeCardAction({ cardId: employeesCard })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await lastDenial("employee2@demo.test")).toMatchObject({ action: "permission.denied", targetType: "card", targetId: employeesCard });
  });

  it("refuses a NUL byte or lone surrogate on its field, and audits a forged reveal carrying one", async () => {
    session.user = await sessionUserFor(database.db(), "employee2@demo.test");
    for (const reason of ["because\u0000", "because\uDC00"]) {
      const result = await revealCardAction({ cardId: employeesCard, reason });
      expect(result).toMatchObject({ ok: false, error: { code: "invalid_input", fields: { reason: expect.stringMatching(/not allowed/) } } });
      expect(await lastDenial("employee2@demo.test")).toMatchObject({
        action: "card.reveal_denied",
        targetType: "card",
        targetId: employeesCard,
        summary: { reason: "invalid_characters", fields: ["reason"] },
      });
    }
    session.user = await sessionUserFor(database.db(), "finance@demo.test");
    expect(await topUpCardAction({ cardId: employeesCard, amount: "5", note: "x\u0000" })).toMatchObject({ ok: false, error: { code: "invalid_input", fields: { note: expect.any(String) } } });
  });

  it("refuses finance money on their own card (four eyes), and records each refusal", async () => {
    session.user = await sessionUserFor(database.db(), "finance@demo.test");
    const attempts = [
      ["card.fund", () => topUpCardAction({ cardId: financesCard, amount: "500" })],
      ["card.set_limits", () => setCardLimitsAction({ cardId: financesCard, perTransactionLimit: "5000", lifetimeLimit: "" })],
      ["card.unfreeze", () => unfreezeCardAction({ cardId: financesCard })],
    ] as const;
    for (const [permission, attempt] of attempts) {
      expect(await attempt()).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect(await lastDenial("finance@demo.test")).toMatchObject({ action: "permission.denied", targetId: financesCard, summary: { permission } });
    }
  });

  it("answers a call aimed at another organisation's card as for a card that does not exist, and names it nowhere", async () => {
    const db = database.db();
    const [other] = await db.insert(organizations).values({ name: "Other Co" }).returning();
    const [account] = await listProviderAccounts(db);
    const theirs = await insertCard(db, {
      organizationId: other!.id,
      providerAccountId: account!.id,
      providerCardId: "remote-other-org",
      cardModel: "prepaid",
      ownerUserId: null,
      teamId: null,
      alias: "Their card",
      currency: "USD",
      status: "active",
      balance: 500n,
    });
    session.user = await sessionUserFor(db, "finance@demo.test");
    expect(await freezeCardAction({ cardId: theirs.id })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await freezeCardAction({ cardId: theirs.id.toUpperCase() })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await db.select().from(auditLog).where(eq(auditLog.targetId, theirs.id))).toEqual([]);
  });

  it("names the field of invalid input and writes nothing", async () => {
    session.user = await sessionUserFor(database.db(), "finance@demo.test");
    const result = await topUpCardAction({ cardId: employeesCard, amount: "12.3.4" });
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input", fields: { amount: expect.any(String) } } });
  });
});
