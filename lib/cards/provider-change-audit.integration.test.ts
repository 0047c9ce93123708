/**
 * A card's status or limits changed at its provider, outside Cardhub (its dashboard, its support, another integration),
 * and brought in by a card sync: one audit row per card, in the sync job's name, with exactly what changed. A change
 * Cardhub made itself (an order it placed, a card it issued) is audited by its order and never a second time here.
 * From review audit41, finding 2.
 */
import { randomUUID } from "node:crypto";
import { and, eq, gt, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { findCard, findCardByProviderId, updateCard } from "@/db/queries/card-updates";
import { findOrder } from "@/db/queries/provider-orders";
import { auditLog } from "@/db/schema/audit";
import { teams } from "@/db/schema/teams";
import { findUserByEmail } from "@/db/queries/users";
import { runAsJob } from "@/lib/audit/running-job";
import { SYNC_CARDS } from "@/lib/jobs/sync-cards-job";
import { moneyFromMinor } from "@/lib/money";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { providerForAccount } from "@/lib/providers/for-account";
import type { RunningSandbox } from "@/sandbox/server";
import { startCardSyncSandbox } from "@/test/card-sync-sandbox";
import { withTestDatabase } from "@/test/database";
import { followOrderToEnd } from "@/test/follow-order";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { issueCard } from "./issue-card";
import { requestCardChange } from "./request-card-change";
import { issueCardSchema } from "./schemas";
import { syncAccountCards, syncAllCards } from "./sync-account-cards";

// An order is followed here by the test, not by a job.
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));
// The next "changed at provider" audit write fails when a test asks for it.
const auditFault = vi.hoisted(() => ({ failNext: false }));
vi.mock("@/lib/audit/record", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/audit/record")>();
  return {
    ...actual,
    record: async (...args: Parameters<typeof actual.record>) => {
      if (auditFault.failNext && args[2].action === "card.changed_at_provider") {
        auditFault.failNext = false;
        throw new Error("the audit write failed");
      }
      return actual.record(...args);
    },
  };
});

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
let accountIds: Record<string, string> = {};
let organizationId = "";

// Seeded sandbox cards (sandbox/README.md): Card OPEN-API lists its cards, so these two are imported by the first sync;
// Cardepass lists none, so its ShareBalance card (maxAuth 500, maxCredit 5,000) is written in as if Cardhub issued it.
const COA_FROZEN = "5f1d0c9e8b7a6f5e4d3c2b1a00000003";
const COA_ACTIVE = "5f1d0c9e8b7a6f5e4d3c2b1a00000001";
const CDP_SHARE = "66a0c0de0000000000000001";
const CHANGED = "card.changed_at_provider";

async function card(provider: string, providerCardId: string) {
  const found = await findCardByProviderId(db(), { providerAccountId: accountIds[provider]!, providerCardId });
  if (!found) throw new Error(`no ${provider} card ${providerCardId}`);
  return found;
}

async function lastAuditId(): Promise<bigint> {
  return BigInt((await db().execute<{ max: string }>(sql`select coalesce(max(id), 0)::text as max from audit_log`)).rows[0]!.max);
}

/** The rows of `action` written after `since` about one card (all cards when none). */
async function rowsSince(since: bigint, action: string, cardId?: string) {
  return db()
    .select()
    .from(auditLog)
    .where(and(gt(auditLog.id, since), eq(auditLog.action, action), cardId ? eq(auditLog.targetId, cardId) : undefined))
    .orderBy(auditLog.id);
}

/** What the provider's support would do: set the card's state as the provider holds it. */
async function providerSets(provider: string, providerCardId: string, status: string | number) {
  const response = await fetch(`${sandbox.url}/_sandbox/cards/${provider}/${providerCardId}/status`, { method: "POST", body: JSON.stringify({ status }) });
  expect(response.status).toBe(200);
}

async function until(reached: () => Promise<boolean>, what: string) {
  for (let tries = 0; tries < 200; tries += 1) {
    if (await reached()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`never reached: ${what}`);
}

async function providerCard(providerCardId: string) {
  return (await providerForAccount(db(), accountIds.cardepass!)).getCard(providerCardId);
}

beforeAll(async () => {
  ({ sandbox, organizationId, accountIds } = await startCardSyncSandbox(db(), { providerCardId: CDP_SHARE, cardModel: "sharebalance", alias: "Marketing - Ads", status: "active" }));
  expect(await syncAllCards(db())).toMatchObject({ failed: 0 });
  // That first read gave the Cardepass card, never read before, its limits: Cardhub held nothing from its provider to
  // compare them with, so no change is recorded.
  expect(await card("cardepass", CDP_SHARE)).toMatchObject({ limitPerTransaction: 50_000n, limitLifetime: 500_000n });
  expect(await rowsSince(0n, CHANGED)).toEqual([]);
  expect((await refreshAllProducts(db())).failed).toEqual([]);
});
afterAll(async () => {
  await sandbox?.close();
});

describe("a card changed at its provider, outside Cardhub", () => {
  it("unfrozen, frozen, its limits raised: one row for each card after one sync, in the sync job's name, with exactly what changed", async () => {
    const [team] = await db().select({ id: teams.id }).from(teams).where(eq(teams.organizationId, organizationId)).limit(1);
    await updateCard(db(), (await card("cardopenapi", COA_ACTIVE)).id, { teamId: team!.id });
    const since = await lastAuditId();

    await providerSets("cardopenapi", COA_FROZEN, 2);
    await providerSets("cardopenapi", COA_ACTIVE, 3);
    const cardepass = await providerForAccount(db(), accountIds.cardepass!);
    await cardepass.setLimits({ customerOrderNo: randomUUID(), cardId: CDP_SHARE, model: "sharebalance", perTransaction: moneyFromMinor(900_000n, "USD"), lifetime: moneyFromMinor(10_000_000n, "USD") });
    await until(async () => (await providerCard(CDP_SHARE)).limits?.lifetime?.amount === 10_000_000n, "the provider carried out the limit change");
    // As the worker runs it: its rows name the job it runs in.
    expect(await runAsJob(SYNC_CARDS, () => syncAllCards(db()))).toMatchObject({ failed: 0 });

    const unfrozen = await card("cardopenapi", COA_FROZEN);
    const frozen = await card("cardopenapi", COA_ACTIVE);
    const raised = await card("cardepass", CDP_SHARE);
    expect([unfrozen.status, frozen.status, raised.limitPerTransaction, raised.limitLifetime]).toEqual(["active", "frozen", 900_000n, 10_000_000n]);

    expect((await rowsSince(since, CHANGED)).map((row) => row.targetId).sort()).toEqual([unfrozen.id, frozen.id, raised.id].sort());
    const worker = { organizationId, actorUserId: null, actorEmail: `job:${SYNC_CARDS}`, actorRoles: [], userAgent: "cardhub-worker", outcome: "success", targetType: "card" };
    const [unfrozenRow] = await rowsSince(since, CHANGED, unfrozen.id);
    expect(unfrozenRow).toMatchObject({ ...worker, teamId: null });
    expect(unfrozenRow!.summary).toMatchObject({ alias: unfrozen.alias, providerAccount: "Card OPEN-API sandbox", providerCardId: COA_FROZEN, providerStatus: "2", currency: "USD" });
    expect([unfrozenRow!.summary.before, unfrozenRow!.summary.after]).toEqual([{ status: "frozen" }, { status: "active" }]);

    const [frozenRow] = await rowsSince(since, CHANGED, frozen.id);
    expect(frozenRow).toMatchObject({ ...worker, teamId: team!.id });
    expect([frozenRow!.summary.before, frozenRow!.summary.after]).toEqual([{ status: "active" }, { status: "frozen" }]);

    const [raisedRow] = await rowsSince(since, CHANGED, raised.id);
    expect(raisedRow).toMatchObject({ ...worker, teamId: null });
    expect(raisedRow!.summary).toMatchObject({ providerAccount: "Cardepass sandbox", providerCardId: CDP_SHARE, currency: "USD" });
    // Exact minor units; the balance, which moves with every purchase, is not among them.
    expect([raisedRow!.summary.before, raisedRow!.summary.after]).toEqual([
      { perTransaction: "50000", lifetime: "500000" },
      { perTransaction: "900000", lifetime: "10000000" },
    ]);
  });

  it("is recorded once: a later sync that finds nothing new writes no row", async () => {
    const frozen = await card("cardopenapi", COA_ACTIVE);
    const since = await lastAuditId();
    await providerSets("cardopenapi", COA_ACTIVE, 2);
    expect(await syncAllCards(db())).toMatchObject({ failed: 0 });
    expect((await rowsSince(since, CHANGED)).map((row) => [row.targetId, row.summary.before, row.summary.after])).toEqual([[frozen.id, { status: "frozen" }, { status: "active" }]]);

    const quiet = await lastAuditId();
    expect(await syncAllCards(db())).toMatchObject({ failed: 0 });
    expect(await syncAllCards(db())).toMatchObject({ failed: 0 });
    expect(await rowsSince(quiet, CHANGED)).toEqual([]);
  });
});

describe("a change at the provider and its audit row", () => {
  it("commit together: when the row cannot be written the card keeps what it held, and the next sync stores and records it", async () => {
    const unfrozen = await card("cardopenapi", COA_FROZEN);
    expect(unfrozen.status).toBe("active");
    const since = await lastAuditId();
    await providerSets("cardopenapi", COA_FROZEN, 3);
    auditFault.failNext = true;
    expect((await syncAllCards(db())).failed).toBeGreaterThan(0);
    expect(auditFault.failNext).toBe(false);
    expect((await card("cardopenapi", COA_FROZEN)).status).toBe("active");

    expect(await syncAllCards(db())).toMatchObject({ failed: 0 });
    expect((await card("cardopenapi", COA_FROZEN)).status).toBe("frozen");
    expect((await rowsSince(since, CHANGED, unfrozen.id)).map((row) => [row.summary.before, row.summary.after])).toEqual([[{ status: "active" }, { status: "frozen" }]]);
  });
});

describe("a change Cardhub made itself", () => {
  it("a freeze placed in Cardhub and seen by a sync while its order is still open: audited by its order only; a later unfreeze at the provider is a change from frozen", async () => {
    const finance = await sessionUserFor(db(), "finance@demo.test");
    const share = await card("cardepass", CDP_SHARE);
    const since = await lastAuditId();

    const placed = await requestCardChange(db(), finance, TEST_META, share.id, { type: "freeze" });
    // The provider carries it out a moment later; Cardhub has not heard yet when the sync reads the card.
    await until(async () => (await providerCard(CDP_SHARE)).status === "frozen", "the provider froze the card");
    expect(await syncAllCards(db())).toMatchObject({ failed: 0 });
    expect((await card("cardepass", CDP_SHARE)).status).toBe("frozen");
    expect((await findOrder(db(), placed.orderId))?.status).toBe("pending");
    // The order settles, and the card is read again after it.
    expect(await followOrderToEnd(db(), placed.orderId)).toMatchObject({ status: "completed" });
    expect(await syncAllCards(db())).toMatchObject({ failed: 0 });

    expect((await rowsSince(since, "card.frozen", share.id)).map((row) => row.actorUserId)).toEqual([finance.id]);
    expect(await rowsSince(since, CHANGED, share.id)).toEqual([]);

    await providerSets("cardepass", CDP_SHARE, "active");
    expect(await syncAllCards(db())).toMatchObject({ failed: 0 });
    expect((await rowsSince(since, CHANGED, share.id)).map((row) => [row.summary.before, row.summary.after])).toEqual([[{ status: "frozen" }, { status: "active" }]]);
  });

  it("a limit change placed in Cardhub and seen by a sync while its order is still open: audited by its order only", async () => {
    const finance = await sessionUserFor(db(), "finance@demo.test");
    const share = await card("cardepass", CDP_SHARE);
    const since = await lastAuditId();

    const placed = await requestCardChange(db(), finance, TEST_META, share.id, { type: "limits", perTransactionLimit: "150", lifetimeLimit: "" });
    await until(async () => (await providerCard(CDP_SHARE)).limits?.perTransaction?.amount === 15_000n, "the provider changed the limits");
    expect(await syncAllCards(db())).toMatchObject({ failed: 0 });
    expect(await card("cardepass", CDP_SHARE)).toMatchObject({ limitPerTransaction: 15_000n, limitLifetime: null });
    expect((await findOrder(db(), placed.orderId))?.status).toBe("pending");
    expect(await followOrderToEnd(db(), placed.orderId)).toMatchObject({ status: "completed" });
    expect(await syncAllCards(db())).toMatchObject({ failed: 0 });

    expect(await rowsSince(since, "card.limits_changed", share.id)).toHaveLength(1);
    expect(await rowsSince(since, CHANGED, share.id)).toEqual([]);

    // Frozen at the provider afterwards: the row names that, and the limits Cardhub set stay out of it.
    await providerSets("cardepass", CDP_SHARE, "blocked");
    expect(await syncAllCards(db())).toMatchObject({ failed: 0 });
    expect((await rowsSince(since, CHANGED, share.id)).map((row) => [row.summary.before, row.summary.after])).toEqual([[{ status: "active" }, { status: "frozen" }]]);
  });

  it("a card issued through Cardhub: its first reads are its issue finishing, not a change; a freeze at the provider later is", async () => {
    const finance = await sessionUserFor(db(), "finance@demo.test");
    const owner = await findUserByEmail(db(), "employee@demo.test");
    const since = await lastAuditId();
    const parsed = issueCardSchema.parse({
      kind: "cardepass-sharebalance",
      accountId: accountIds.cardepass,
      productId: "DGG0C4JD",
      currency: "USD",
      ownerUserId: owner!.id,
      alias: "Issued here",
      perTransactionLimit: "100",
      lifetimeLimit: "1000",
    });
    const issued = await issueCard(db(), finance, TEST_META, parsed);
    expect(await followOrderToEnd(db(), issued.orderId)).toMatchObject({ status: "completed" });
    expect(await syncAllCards(db())).toMatchObject({ failed: 0 });
    const card = await findCard(db(), issued.cardId);
    expect(card).toMatchObject({ status: "active", limitPerTransaction: 10_000n, limitLifetime: 100_000n });
    expect(await rowsSince(since, "card.issued", issued.cardId)).toHaveLength(1);
    expect(await rowsSince(since, CHANGED, issued.cardId)).toEqual([]);

    await providerSets("cardepass", card!.providerCardId!, "blocked");
    expect(await syncAllCards(db())).toMatchObject({ failed: 0 });
    expect((await rowsSince(since, CHANGED, issued.cardId)).map((row) => [row.summary.before, row.summary.after])).toEqual([[{ status: "active" }, { status: "frozen" }]]);
  });

  it("a card created at its provider outside Cardhub and imported while still being created: its creation finishing is no change; a freeze there later is", async () => {
    const nobepay = await providerForAccount(db(), accountIds.nobepay!);
    const since = await lastAuditId();
    const holder = { firstName: "Ada", lastName: "Lovelace", address: { street: "1 Main St", city: "Vienna", state: "GA", country: "US", zipCode: "31092" } };
    const created = await nobepay.issueCard({ customerOrderNo: randomUUID(), productId: "v_5bc814", model: "prepaid", currency: "USD", initialAmount: moneyFromMinor(2_500n, "USD"), holder });
    const providerCardId = created.cardIds[0]!;
    expect(await syncAccountCards(db(), accountIds.nobepay!)).toMatchObject({ failed: 0, imported: 1 });
    const imported = await card("nobepay", providerCardId);
    expect(imported.status).toBe("pending");

    await until(async () => (await nobepay.getCard(providerCardId)).status === "active", "the provider finished creating the card");
    expect(await syncAllCards(db())).toMatchObject({ failed: 0 });
    expect((await card("nobepay", providerCardId)).status).toBe("active");
    expect(await rowsSince(since, CHANGED, imported.id)).toEqual([]);

    await providerSets("nobepay", providerCardId, "FREEZE");
    expect(await syncAllCards(db())).toMatchObject({ failed: 0 });
    expect((await rowsSince(since, CHANGED, imported.id)).map((row) => [row.summary.before, row.summary.after, row.summary.providerStatus])).toEqual([[{ status: "active" }, { status: "frozen" }, "FREEZE"]]);
  });
});
