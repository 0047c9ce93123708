import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { insertCard } from "@/db/queries/card-updates";
import { replaceAccountBalances } from "@/db/queries/funding";
import { randomUUID } from "node:crypto";
import { findCardForView } from "@/db/queries/cards";
import { insertOrder } from "@/db/queries/provider-orders";
import { findRequest, insertRequest, updateRequest } from "@/db/queries/requests";
import { auditLog } from "@/db/schema/audit";
import { cards } from "@/db/schema/cards";
import { products } from "@/db/schema/products";
import type { RequestKind } from "@/db/schema/requests";
import type { SessionUser } from "@/lib/auth/session-user";
import type { ProductFees } from "@/lib/fees/product-fees";
import { loadRequestCost } from "@/lib/requests/load-request-cost";
import { requestCostQuote } from "@/lib/requests/request-cost";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { sessionUserFor, TEST_META } from "@/test/session-user";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));

const { loadApproveContextAction } = await import("./load-approve-context-action");

const database = withTestDatabase();
const db = () => database.db();
let employee: SessionUser;
let accountId = "";
let productId = "";

// Card OPEN-API's published top-up fee on this product: 1.5% of the load.
const fees: ProductFees = { "prepaid:topup": { currency: "USD", fixed: "0", ratePpm: 15_000, source: "provider", observedAt: "2026-11-30T09:12:00.000Z" } };

beforeAll(async () => {
  accountId = await seedOfflineDemo(db());
  employee = await sessionUserFor(db(), "employee@demo.test");
  const [product] = await db().insert(products).values({ providerAccountId: accountId, providerProductId: "BIN-COST", name: "Cost BIN", cardModels: ["prepaid"], currencies: ["USD"], fees }).returning();
  productId = product!.id;
  await replaceAccountBalances(db(), { providerAccountId: accountId, readings: [{ scope: "", currency: "USD", label: null, available: 4_900_000n, frozen: 0n, total: 4_900_000n }], at: new Date() });
});

/** Eli's pending request on a card of his own (one open request of a kind per card), for $100.00 when it moves money. */
async function fileRequest(kind: RequestKind = "top_up"): Promise<string> {
  const card = await insertCard(db(), { organizationId: employee.organizationId, providerAccountId: accountId, productId, cardModel: "prepaid", ownerUserId: employee.id, teamId: employee.teamIds[0]!, alias: "Eli – Cost", currency: "USD", status: kind === "unfreeze" ? "frozen" : "active", balance: 1_000n });
  const terms = kind === "top_up" ? { amount: "10000" } : {};
  const request = await insertRequest(db(), {
    organizationId: employee.organizationId,
    kind,
    steps: ["team_manager"],
    awaiting: "team_manager",
    requesterUserId: employee.id,
    beneficiaryUserId: employee.id,
    teamId: employee.teamIds[0]!,
    cardId: card.id,
    currency: "USD",
    threshold: 100_000n,
    requested: terms,
    approved: terms,
    purpose: "Design tools",
  });
  return request.id;
}

const signIn = async (who: string) => (session.user = await sessionUserFor(db(), `${who}@demo.test`));
const lastDenial = async (email: string) =>
  (await db().select().from(auditLog).where(and(eq(auditLog.actorEmail, email), eq(auditLog.outcome, "denied"))).orderBy(desc(auditLog.id)).limit(1))[0];

describe("the list's Approve dialog reads what approving takes from the funding account", () => {
  it("gives the team's manager the amount, the fee and the total, and no funding balance (funding.view)", async () => {
    const requestId = await fileRequest();
    await signIn("manager");
    const result = await loadApproveContextAction({ requestId });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const cost = result.data.cost!;
    expect(cost.cost).toMatchObject({ action: "topup", amount: "10000", amountLabel: "Added to the card", totalLabel: "Total from the funding account", providerLabel: "Card OPEN-API" });
    // What the dialog shows: 1.5% of $100.00 = $1.50, so $101.50 from the funding account.
    const fee = requestCostQuote(cost.cost, BigInt(cost.cost.amount)).fee;
    expect(fee).toMatchObject({ fee: 150n, currency: "USD", source: "provider" });
    expect(cost.paying).toBeNull();
    // The card's balance beside what is added, as the request page's "Card now" (the card holds $10.00).
    expect(result.data.cardNow).toBe("Balance $10.00");
    expect(JSON.stringify(result)).not.toContain("4900000");
  });

  it("gives finance the funding balance that pays", async () => {
    const requestId = await fileRequest();
    await signIn("finance");
    expect(await loadApproveContextAction({ requestId })).toMatchObject({
      ok: true,
      data: { cost: { cost: { amount: "10000" }, paying: { label: "Card OPEN-API funding balance", balance: { available: "4900000", currency: "USD" } } } },
    });
  });

  it("refuses, and audits against the request, a person who may not see it", async () => {
    const requestId = await fileRequest();
    for (const who of ["employee2", "manager2"]) {
      await signIn(who);
      expect(await loadApproveContextAction({ requestId })).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect(await lastDenial(`${who}@demo.test`)).toMatchObject({ action: "permission.denied", targetType: "request", targetId: requestId, summary: { permission: "request.view" } });
    }
  });

  it("answers a request that moves no money with no cost", async () => {
    const requestId = await fileRequest("unfreeze");
    await signIn("manager");
    expect(await loadApproveContextAction({ requestId })).toEqual({ ok: true, data: { cost: null, cardNow: null } });
  });

  it("gives a limit increase no cost and the card's limits and use as they stand", async () => {
    const requestId = await fileRequest("limit_increase");
    await signIn("manager");
    expect(await loadApproveContextAction({ requestId })).toEqual({
      ok: true,
      data: { cost: null, cardNow: "no per-transaction limit, unlimited lifetime, use not reported by the provider" },
    });
  });

  it("leaves the card out for an approver who may no longer see it (it changed hands), as the request page does", async () => {
    const requestId = await fileRequest();
    const request = (await findRequest(db(), requestId))!;
    const other = await sessionUserFor(db(), "employee2@demo.test");
    await db().update(cards).set({ ownerUserId: other.id, teamId: other.teamIds[0]! }).where(eq(cards.id, request.cardId!));
    await signIn("manager");
    const result = await loadApproveContextAction({ requestId });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.data.cost?.cost).toMatchObject({ amount: "10000" });
    expect(result.data.cardNow).toBeNull();
    await signIn("finance");
    expect(await loadApproveContextAction({ requestId })).toMatchObject({ ok: true, data: { cardNow: "Balance $10.00" } });
  });

  it("refuses a malformed id on its field, and an unknown one as not found", async () => {
    await signIn("manager");
    expect(await loadApproveContextAction({ requestId: "not-a-request" })).toMatchObject({ ok: false, error: { code: "invalid_input", fields: { requestId: expect.any(String) } } });
    expect(await loadApproveContextAction({ requestId: crypto.randomUUID() })).toMatchObject({ ok: false, error: { code: "not_found" } });
  });
});

describe("a done request's fee", () => {
  /** The request carried out through an order the provider answered with `fee` (null: it stated none, as NobePay's). */
  async function doneWith(fee: bigint | null) {
    const requestId = await fileRequest();
    const request = (await findRequest(db(), requestId))!;
    const order = await insertOrder(db(), { id: randomUUID(), organizationId: request.organizationId, providerAccountId: accountId, cardId: request.cardId, type: "topup", status: "completed", amount: 10_000n, currency: "USD", fee, feeCurrency: fee === null ? null : "USD", request: { type: "topup", amount: "10000" } });
    const done = await updateRequest(db(), requestId, { status: "done", orderId: order.id });
    const finance = await sessionUserFor(db(), "finance@demo.test");
    return loadRequestCost(db(), { request: done, card: await findCardForView(db(), request.cardId!), product: null, account: null, viewer: finance });
  }

  it("is what the provider charged where it said so", async () => {
    expect(await doneWith(150n)).toMatchObject({ charged: { fee: 150n, currency: "USD" }, feeUnstated: false });
  });

  it("is said to be unstated, not quoted as still to come, where the provider's answer stated none", async () => {
    expect(await doneWith(null)).toMatchObject({ charged: null, feeUnstated: true });
  });
});
