/**
 * A cancelled card its provider later reports open.
 *
 * Cancelled is final at every provider; no document offers a way back:
 * - cardepass-v1.md: "status | 包括：Active 活跃，Blocked 已冻结，Cancel 已注销，Expired 已过期" and its orders are "ApplyCard 开卡订单、
 *   CardTopUp 充值订单、CardCancel 销卡订单、CardBlock 卡冻结订单、CardUnBlock 卡解冻订单、CardWithdraw 卡余额转出订单": CardUnBlock
 *   undoes a block (冻结), nothing undoes a cancel (注销). cardepass-v2.md: "cardStatus | Active(激活)/Blocked(冻结)/Cancelled(已销卡)".
 * - nobepay.md: "CANCELLING:删卡中 CANCELED :已删除 DELETED :永久删除"; the cancel endpoint is "删除卡片 /open/api/v1/rest/card/cancel"
 *   and no endpoint restores a deleted card.
 * - cardopenapi.md: "状态 1:未激活 2:已激活 3:已冻结 4:销卡中 5:已销卡 6:已挂失 7:已补卡", with "close_at 发起销卡时间" and "end_at
 *   完成销卡时间"; its contents name 卡激活 (activating a card not yet active), 卡解冻 and 发起销卡, none that reopens a cancelled one.
 *
 * So a cancelled card reported active, frozen or not yet activated is the provider's discrepancy, not a reopening:
 * Cardhub keeps it cancelled (nothing can be done with it) and shows and audits the disagreement, as it does for a card
 * the provider no longer knows (provider-missing).
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCardByProviderId, updateCard } from "@/db/queries/card-updates";
import { cardsReopenedQuery, listCardsReopenedAtProvider } from "@/db/queries/cards-reopened";
import { auditLog } from "@/db/schema/audit";
import { availableCardActions } from "@/lib/cards/card-actions";
import { FLAGGED_CARDS_SHOWN } from "@/lib/overview/load-overview";
import type { RunningSandbox } from "@/sandbox/server";
import { insertBulkCardsManyMarked } from "@/test/bulk-cards";
import { startCardSyncSandbox } from "@/test/card-sync-sandbox";
import { withTestDatabase } from "@/test/database";
import { planNodes } from "@/test/query-plan";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { requestCardChange } from "./request-card-change";
import { syncAllCards } from "./sync-account-cards";

const database = withTestDatabase();
let sandbox: RunningSandbox;
let accountIds: Record<string, string> = {};
let organizationId = "";

// A cancelled card of each provider, from the sandbox's seeded world (sandbox/README.md, "Seeded starting data"), and
// what each provider's sandbox state holds for it open and cancelled, with the status word the provider then reports.
const CANCELLED = {
  cardepass: { id: "66a0c0de0000000000000005", open: "active", reportsOpen: "Active", closed: "cancelled" },
  nobepay: { id: "c_8f3a1c0e5b7d4a2f0004", open: "ACTIVE", reportsOpen: "ACTIVE", closed: "CANCELED" },
  cardopenapi: { id: "5f1d0c9e8b7a6f5e4d3c2b1a00000004", open: 2, reportsOpen: "2", closed: 5 },
} as const;
type Provider = keyof typeof CANCELLED;
const PROVIDERS = Object.keys(CANCELLED) as Provider[];

async function cardOf(provider: Provider) {
  const card = await findCardByProviderId(database.db(), { providerAccountId: accountIds[provider]!, providerCardId: CANCELLED[provider].id });
  if (!card) throw new Error(`no ${provider} card ${CANCELLED[provider].id}`);
  return card;
}

async function auditRows(action: string, cardId: string) {
  return database.db().select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.targetId, cardId)));
}

async function providerReports(provider: Provider, status: string | number) {
  const response = await fetch(`${sandbox.url}/_sandbox/cards/${provider}/${CANCELLED[provider].id}/status`, { method: "POST", body: JSON.stringify({ status }) });
  expect(response.status).toBe(200);
}

/** Two syncs, each reading every cancelled card (Cardepass's is read one by one, at most hourly: an hour has passed). */
async function syncTwice() {
  for (let run = 0; run < 2; run += 1) {
    await updateCard(database.db(), (await cardOf("cardepass")).id, { lastSyncedAt: new Date(Date.now() - 2 * 60 * 60 * 1000) });
    expect(await syncAllCards(database.db())).toMatchObject({ failed: 0 });
  }
}

beforeAll(async () => {
  // The Cardepass card stands for one cancelled through Cardhub. The other two are imported.
  ({ sandbox, organizationId, accountIds } = await startCardSyncSandbox(database.db(), {
    providerCardId: CANCELLED.cardepass.id,
    cardModel: "sharebalance",
    alias: "Old vendor",
    status: "cancelled",
  }));
  expect(await syncAllCards(database.db())).toMatchObject({ failed: 0 });
  for (const provider of PROVIDERS) expect(await cardOf(provider), provider).toMatchObject({ status: "cancelled" });
});
afterAll(async () => {
  await sandbox?.close();
});

describe("a cancelled card its provider reports open again", () => {
  it("stays cancelled, is marked open at its provider with the provider's word, audited once however often it is read", async () => {
    const before = Object.fromEntries(await Promise.all(PROVIDERS.map(async (provider) => [provider, await cardOf(provider)] as const)));
    for (const provider of PROVIDERS) await providerReports(provider, CANCELLED[provider].open);
    await syncTwice();

    for (const provider of PROVIDERS) {
      const card = await cardOf(provider);
      expect(card, provider).toMatchObject({ status: "cancelled", providerStatus: CANCELLED[provider].reportsOpen, closedAt: before[provider]!.closedAt });
      expect(card.providerReopenedSince, provider).toBeInstanceOf(Date);
      const rows = await auditRows("card.reopened_at_provider", card.id);
      expect(rows, provider).toHaveLength(1);
      expect(rows[0]!.summary, provider).toMatchObject({ providerCardId: CANCELLED[provider].id, providerStatus: CANCELLED[provider].reportsOpen });
    }
    // The overview's needs-attention list names them, newest first.
    const listed = await listCardsReopenedAtProvider(database.db(), { organizationId, limit: 10 });
    expect(listed.map((card) => card.id).sort()).toEqual((await Promise.all(PROVIDERS.map(cardOf))).map((card) => card.id).sort());
    const keys = listed.map((card) => `${card.providerReopenedSince.toISOString()}|${card.id}`);
    expect(keys).toEqual([...keys].sort().reverse());
  });

  it("lets no money action through", async () => {
    const finance = await sessionUserFor(database.db(), "finance@demo.test");
    for (const provider of PROVIDERS) {
      const card = await cardOf(provider);
      expect([...availableCardActions(finance, { ...card, provider })], provider).toEqual([]);
      await expect(requestCardChange(database.db(), finance, TEST_META, card.id, { type: "unfreeze" }), provider).rejects.toMatchObject({ code: "conflict" });
    }
    const prepaid = await cardOf("nobepay");
    await expect(requestCardChange(database.db(), finance, TEST_META, prepaid.id, { type: "topup", amount: "10.00" })).rejects.toMatchObject({ code: "conflict" });
  });

  it("is no longer marked once the provider reports it cancelled again, audited once", async () => {
    for (const provider of PROVIDERS) await providerReports(provider, CANCELLED[provider].closed);
    await syncTwice();
    for (const provider of PROVIDERS) {
      const card = await cardOf(provider);
      expect(card, provider).toMatchObject({ status: "cancelled", providerReopenedSince: null });
      expect(await auditRows("card.cancelled_at_provider_again", card.id), provider).toHaveLength(1);
    }
  });

  it("is listed through cards_provider_reopened_idx, without a sort, among many other cards", async () => {
    const db = database.db();
    // The shape the overview meets: more flagged cards than its list shows, among many others. (With fewer than it shows,
    // a walk of the index and a sort of the few cost the same and the planner's pick is a coin toss.)
    await insertBulkCardsManyMarked(db, { organizationId, providerAccountId: accountIds.cardopenapi!, status: "cancelled", mark: (at) => ({ providerReopenedSince: at }) });
    // Vacuumed as well as analysed, every table the query joins, so the plan does not hang on whether autovacuum reached them yet.
    await db.execute(sql`vacuum analyze cards, provider_accounts`);
    // The overview's list (lib/overview/load-overview.ts), the one page it reads.
    const result = await db.execute<{ "QUERY PLAN": unknown }>(sql`explain (format json) ${cardsReopenedQuery(db, { organizationId, limit: FLAGGED_CARDS_SHOWN })}`);
    const nodes = planNodes(result.rows[0]!["QUERY PLAN"]);
    expect(nodes.some((node) => node["Index Name"] === "cards_provider_reopened_idx")).toBe(true);
    expect(nodes.filter((node) => node["Node Type"] === "Sort")).toEqual([]);
    expect(nodes.filter((node) => node["Node Type"] === "Seq Scan" && node["Relation Name"] === "cards")).toEqual([]);
    // The newest of the 100 flagged: bulk-4950, one minute after bulk-4900, and so on down.
    expect((await listCardsReopenedAtProvider(db, { organizationId, limit: FLAGGED_CARDS_SHOWN })).map((card) => card.alias)).toEqual(
      Array.from({ length: FLAGGED_CARDS_SHOWN }, (_, n) => `Bulk ${4950 - 50 * n}`),
    );
  });
});
