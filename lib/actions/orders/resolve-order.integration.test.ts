import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { organizations } from "@/db/schema/organizations";
import { insertCard } from "@/db/queries/card-updates";
import { findOrder, insertOrder } from "@/db/queries/provider-orders";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { seedDemo } from "@/db/seed";
import type { LocalOrderStatus } from "@/db/schema/provider-orders";
import type { SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const { resolveOrderAction } = await import("@/lib/actions/orders/resolve-order");

const database = withTestDatabase();
const db = () => database.db();
let accountId: string;

beforeAll(async () => {
  // No provider answers here: reading the card back after a resolution fails quietly, as a provider outage would.
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  accountId = (await listProviderAccounts(db()))[0]!.id;
});

const as = async (who: string) => (session.user = await sessionUserFor(db(), `${who}@demo.test`));

/** A top-up of $25.00 on a card of `owner`'s (or of another organisation), in the given state. */
async function topUpOn(params: { owner: SessionUser | null; organizationId?: string; status?: LocalOrderStatus }) {
  const organizationId = params.organizationId ?? params.owner!.organizationId;
  const card = await insertCard(db(), {
    organizationId,
    providerAccountId: accountId,
    providerCardId: `remote-${crypto.randomUUID()}`,
    cardModel: "prepaid",
    ownerUserId: params.owner?.id ?? null,
    teamId: params.owner?.teamIds[0] ?? null,
    alias: "Card with a lost top-up",
    currency: "USD",
    status: "active",
    balance: 1_000n,
  });
  const order = await insertOrder(db(), {
    organizationId,
    providerAccountId: accountId,
    cardId: card.id,
    type: "topup",
    status: params.status ?? "needs_review",
    amount: 2_500n,
    currency: "USD",
    request: { type: "topup", amount: "2500" },
  });
  return { cardId: card.id, orderId: order.id };
}

async function lastDenial(email: string) {
  const [row] = await db().select().from(auditLog).where(and(eq(auditLog.actorEmail, email), eq(auditLog.outcome, "denied"))).orderBy(desc(auditLog.id)).limit(1);
  return row;
}

const NOTE = "Checked the provider's portal";

describe("resolveOrderAction: finance settles a provider request in review", () => {
  it("refuses every role but finance, and records the refusal on the card", async () => {
    const eli = await sessionUserFor(db(), "employee@demo.test");
    const { cardId, orderId } = await topUpOn({ owner: eli });
    for (const who of ["employee", "manager", "auditor", "admin"]) {
      await as(who);
      expect(await resolveOrderAction({ orderId, outcome: "not_done", note: NOTE })).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect(await lastDenial(`${who}@demo.test`)).toMatchObject({ action: "permission.denied", targetType: "card", targetId: cardId, summary: { permission: "order.resolve" } });
    }
    expect(await findOrder(db(), orderId)).toMatchObject({ status: "needs_review" });
  });

  it("refuses finance a request on their own card (four eyes), and records it", async () => {
    const finance = await as("finance");
    const { cardId, orderId } = await topUpOn({ owner: finance });
    expect(await resolveOrderAction({ orderId, outcome: "done", note: NOTE })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await lastDenial("finance@demo.test")).toMatchObject({ action: "permission.denied", targetId: cardId, summary: { permission: "order.resolve" } });
    expect(await findOrder(db(), orderId)).toMatchObject({ status: "needs_review" });
  });

  it("answers another organisation's request, and one that does not exist, as not found, naming it nowhere", async () => {
    const [other] = await db().insert(organizations).values({ name: "Other Co" }).returning();
    const { cardId, orderId } = await topUpOn({ owner: null, organizationId: other!.id });
    await as("finance");
    expect(await resolveOrderAction({ orderId, outcome: "not_done", note: NOTE })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await resolveOrderAction({ orderId: crypto.randomUUID(), outcome: "not_done", note: NOTE })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await db().select().from(auditLog).where(eq(auditLog.targetId, cardId))).toEqual([]);
    expect(await findOrder(db(), orderId)).toMatchObject({ status: "needs_review" });
  });

  it("refuses a request that is not in review as a conflict", async () => {
    const eli = await sessionUserFor(db(), "employee@demo.test");
    await as("finance");
    for (const status of ["created", "pending", "completed", "failed"] as const) {
      const { orderId } = await topUpOn({ owner: eli, status });
      expect(await resolveOrderAction({ orderId, outcome: "not_done", note: NOTE })).toMatchObject({ ok: false, error: { code: "conflict", message: expect.stringContaining("not waiting for review") } });
      expect((await findOrder(db(), orderId))?.status).toBe(status);
    }
  });

  it("names every bad field at once: the id, the outcome and the required note", async () => {
    await as("finance");
    expect(await resolveOrderAction({ orderId: "nope", outcome: "maybe", note: "  " })).toMatchObject({
      ok: false,
      error: { code: "invalid_input", fields: { orderId: expect.any(String), outcome: expect.any(String), note: expect.any(String) } },
    });
    expect(await resolveOrderAction({ orderId: crypto.randomUUID(), outcome: "done", note: "x".repeat(501) })).toMatchObject({ ok: false, error: { code: "invalid_input", fields: { note: expect.any(String) } } });
  });

  it("settles it for finance, with the note on record", async () => {
    const eli = await sessionUserFor(db(), "employee@demo.test");
    const { cardId, orderId } = await topUpOn({ owner: eli });
    await as("finance");
    expect(await resolveOrderAction({ orderId: orderId.toUpperCase(), outcome: "not_done", note: `  ${NOTE}  ` })).toEqual({ ok: true, data: { orderId, status: "failed" } });
    const [row] = await db().select().from(auditLog).where(and(eq(auditLog.action, "order.resolved"), eq(auditLog.targetId, cardId)));
    expect(row).toMatchObject({ actorEmail: "finance@demo.test", outcome: "success", targetType: "card", summary: { orderId, outcome: "not_done", note: NOTE, amount: "2500", currency: "USD" } });
  });

  it("keeps no card number typed into the note, on the order or in the audit log", async () => {
    const eli = await sessionUserFor(db(), "employee@demo.test");
    const { cardId, orderId } = await topUpOn({ owner: eli });
    await as("finance");
    expect(await resolveOrderAction({ orderId, outcome: "not_done", note: "Card 4111 1111 1111 1111 shows no top-up" })).toMatchObject({ ok: true });
    expect((await findOrder(db(), orderId))?.failureMessage).toContain("Card 411111…1111 shows no top-up");
    const [row] = await db().select().from(auditLog).where(and(eq(auditLog.action, "order.resolved"), eq(auditLog.targetId, cardId)));
    expect(JSON.stringify(row!.summary)).not.toMatch(/4111 1111 1111 1111|4111111111111111/);
  });
});
