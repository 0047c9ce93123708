/**
 * How often the card sync reads an expired card from its provider.
 *
 * What the provider documents say an expired card can still do:
 * - cardepass-v1.md, card detail: "status | 包括：Active 活跃，Blocked 已冻结，Cancel 已注销，Expired 已过期" (Expired is a state
 *   of its own, which may still become Cancel); its account logs move money on cards through "ConsumeRefund 消费退款",
 *   "ReversalRefund 冲账退回", "ConsumeSettlementDiffRefund 消费清算差额-退回", "CardWithdraw 卡转出资金" and
 *   "CancelCardSettleRefund 销卡结算-退回", none of them limited to a card's status.
 * - nobepay.md, card list and info: "EXPIRED :已过期" beside "CANCELED :已删除 DELETED :永久删除"; transaction statuses
 *   include "REFUND :交易退款"; card history "WITHDRAW_CARD: 卡取款 CANCEL_CARD: 删卡".
 * - cardopenapi.md: "状态 1:未激活 2:已激活 3:已冻结 4:销卡中 5:已销卡 6:已挂失 7:已补卡" (no expired state at all).
 *
 * So an expired card spends nothing more, but its balance still moves (refunds and settlement differences of purchases
 * made before it expired, the provider returning what is left) and its status may still turn cancelled, at times no
 * document bounds: exactly what happens to a cancelled card. It is read as a cancelled one is: at most hourly for the
 * refund window after it closed (CLOSED_CARD_REFUND_WINDOW_DAYS, the card networks' chargeback limit), then no more by
 * the periodic sync; a card's own refresh (syncCard) still reads it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { findCard, insertCard, updateCard, type CardRow } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { seedDemo } from "@/db/seed";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { CLOSED_CARD_REFUND_WINDOW_DAYS } from "./closed-card-reads";
import { syncAccountCards } from "./sync-account-cards";
import { syncCard } from "./sync-card";

const database = withTestDatabase();
let sandbox: RunningSandbox;
let accountId = "";
let card: CardRow;
const realFetch = globalThis.fetch;
const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
// A seeded Cardepass Standard card (sandbox/README.md, "Seeded starting data"). Cardepass has no card list, so each
// sync that reads it asks GET /v1/cards/{cardId}.
const REMOTE_ID = "66a0c0de0000000000000004";

/** The provider requests about the card, counted while `work` runs. */
async function cardReadsDuring(work: () => Promise<unknown>): Promise<number> {
  let reads = 0;
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    if (new URL(input instanceof Request ? input.url : String(input)).pathname.endsWith(`/v1/cards/${REMOTE_ID}`)) reads += 1;
    return realFetch(input, init);
  });
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return reads;
}

const twoSyncs = async () => {
  expect(await syncAccountCards(database.db(), accountId)).toMatchObject({ failed: 0 });
  expect(await syncAccountCards(database.db(), accountId)).toMatchObject({ failed: 0 });
};

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  accountId = (await listProviderAccounts(database.db())).find((account) => account.provider === "cardepass")!.id;
  const organizationId = (await listProviderAccounts(database.db()))[0]!.organizationId;
  card = await insertCard(database.db(), { organizationId, providerAccountId: accountId, providerCardId: REMOTE_ID, cardModel: "standard", alias: "Events", currency: "USD", status: "frozen" });
  const response = await realFetch(`${sandbox.url}/_sandbox/cards/cardepass/${REMOTE_ID}/status`, { method: "POST", body: JSON.stringify({ status: "expired" }) });
  expect(response.status).toBe(200);
});
afterEach(() => vi.restoreAllMocks());
afterAll(async () => sandbox?.close());

describe("an expired card", () => {
  it("is read by the sync that finds it expired, and not by the next one", async () => {
    expect(await cardReadsDuring(twoSyncs)).toBe(1);
    const expired = (await findCard(database.db(), card.id))!;
    expect(expired).toMatchObject({ status: "expired", providerStatus: "Expired", balance: 25_000n });
    expect(expired.closedAt).toBeInstanceOf(Date);
  });

  it("is read again once an hour has passed since its last read, within its refund window", async () => {
    await updateCard(database.db(), card.id, { lastSyncedAt: new Date(Date.now() - 2 * HOUR_MS) });
    expect(await cardReadsDuring(twoSyncs)).toBe(1);
    expect(await findCard(database.db(), card.id)).toMatchObject({ status: "expired" });
  });

  it("is no longer read by the periodic sync once its refund window has passed", async () => {
    await updateCard(database.db(), card.id, { closedAt: new Date(Date.now() - (CLOSED_CARD_REFUND_WINDOW_DAYS + 1) * DAY_MS), lastSyncedAt: new Date(Date.now() - 2 * HOUR_MS) });
    expect(await cardReadsDuring(twoSyncs)).toBe(0);
  });

  it("is still read when the card itself is refreshed", async () => {
    expect(await cardReadsDuring(() => syncCard(database.db(), card.id))).toBe(1);
    expect(await findCard(database.db(), card.id)).toMatchObject({ status: "expired", balance: 25_000n });
  });
});
