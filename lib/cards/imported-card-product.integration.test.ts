import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardProductText } from "@/components/cards/card-product-text";
import { findCardByProviderId, updateCard } from "@/db/queries/card-updates";
import { findCardForView } from "@/db/queries/cards";
import { findProduct, setProductFees } from "@/db/queries/products";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { auditLog } from "@/db/schema/audit";
import { seedDemo } from "@/db/seed";
import { runAsJob } from "@/lib/audit/running-job";
import { parseProductFees } from "@/lib/fees/parse-product-fees";
import { quoteFee, type FeeAction } from "@/lib/fees/product-fees";
import { SYNC_CARDS } from "@/lib/jobs/sync-cards-job";
import { refreshAccountProducts } from "@/lib/products/refresh-products";
import type { ProviderName } from "@/lib/providers/types";
import { syncAccountTransactions } from "@/lib/transactions/sync-account";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { syncAccountCards } from "./sync-account-cards";
import { syncCard } from "./sync-card";

// Seeded sandbox cards stand for cards issued in the provider's own portal, outside Cardhub (sandbox/README.md,
// "Seeded starting data"). cardepass-v1.md's card data names its product ("productCode": "0BN03HNK"); cardopenapi.md
// card_list: "card_list.bin_id string 是 bin id". The demo seed reads no products: an account's products are Cardhub's
// only once a refresh read them.
// MARKETING and TRAVEL have transactions in the sandbox's seeded history; EVENTS has none until one is made.
const MARKETING = "66a0c0de0000000000000001"; // Cardepass ShareBalance, product DGG0C4JD (通用卡)
const TRAVEL = "66a0c0de0000000000000003"; // Cardepass Standard, product 0BN03HNK (通用测试2卡)
const EVENTS = "66a0c0de0000000000000004"; // Cardepass Standard, product DGG0C4JD, seeded frozen
const OPENAPI_MARKETING = "5f1d0c9e8b7a6f5e4d3c2b1a00000001"; // Card OPEN-API, BIN cpi_6530de6a2f1c7 (VISA 448533, recharge 1.5%)
const OPENAPI_AMEX = "5f1d0c9e8b7a6f5e4d3c2b1a00000002"; // Card OPEN-API, BIN cpi_6530de6a2f1d9 (AMEX 345432)

const database = withTestDatabase();
let sandbox: RunningSandbox;
const accountIds = {} as Record<ProviderName, string>;

async function sandboxCall(path: string, body: unknown): Promise<void> {
  const response = await fetch(`${sandbox.url}/_sandbox${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(response.status, path).toBe(200);
}

/** Cardepass cannot list its cards: one reaches Cardhub through the card id its transactions name. */
async function readCardepassTransactions(): Promise<void> {
  await syncAccountTransactions(database.db(), accountIds.cardepass);
}

async function stored(provider: ProviderName, providerCardId: string) {
  const card = await findCardByProviderId(database.db(), { providerAccountId: accountIds[provider], providerCardId });
  if (!card) throw new Error(`no card ${providerCardId}`);
  return card;
}

/** The card's "product linked" audit rows, oldest first. */
async function productLinkRows(cardId: string) {
  return database.db().select().from(auditLog).where(and(eq(auditLog.targetId, cardId), eq(auditLog.action, "card.product_linked"))).orderBy(auditLog.id);
}

async function product(provider: ProviderName, providerProductId: string) {
  const row = await findProduct(database.db(), { providerAccountId: accountIds[provider], providerProductId });
  if (!row) throw new Error(`no product ${providerProductId}`);
  return row;
}

/** The fee the card page's dialog quotes for `action` on the card (its product's fees, app/(dashboard)/cards/(item)/[id]/page.tsx). */
async function quotedFee(cardId: string, action: FeeAction, principal: bigint) {
  const view = (await findCardForView(database.db(), cardId))!;
  return quoteFee(parseProductFees(view.productFees), view.cardModel, action, principal);
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  for (const account of await listProviderAccounts(database.db())) accountIds[account.provider] = account.id;
});
afterAll(async () => {
  await sandbox?.close();
});

describe("a Cardepass card issued outside Cardhub (no card list: found through its transactions)", () => {
  it("imported before its account's products were read has none; the next sync after a refresh links it", async () => {
    await readCardepassTransactions();
    expect(await syncAccountCards(database.db(), accountIds.cardepass)).toMatchObject({ imported: 3, failed: 0 });
    expect((await stored("cardepass", MARKETING)).productId).toBeNull();
    expect((await stored("cardepass", TRAVEL)).productId).toBeNull();

    await refreshAccountProducts(database.db(), accountIds.cardepass);
    expect(await runAsJob(SYNC_CARDS, () => syncAccountCards(database.db(), accountIds.cardepass))).toMatchObject({ updated: 3, failed: 0 });
    const marketing = await stored("cardepass", MARKETING);
    expect(marketing.productId, "the product the provider names, once Cardhub has read it").toBe((await product("cardepass", "DGG0C4JD")).id);
    expect((await stored("cardepass", TRAVEL)).productId).toBe((await product("cardepass", "0BN03HNK")).id);
    expect(cardProductText((await findCardForView(database.db(), marketing.id))!)).toBe("通用卡 (DGG0C4JD)");

    // MONEY: the product decides the fees quoted for the card's top-ups and withdrawals, so linking it is audited,
    // in the name of the sync that linked it (DESIGN.md: every mutation writes an audit row in its transaction).
    const linked = await productLinkRows(marketing.id);
    expect(linked.map((row) => [row.actorEmail, row.outcome]), "the product link a sync writes is on the card's audit history").toEqual([["job:cards.sync", "success"]]);
    expect(linked[0]!.summary).toMatchObject({ providerAccount: "Cardepass sandbox", providerCardId: MARKETING, productId: marketing.productId, providerProductId: "DGG0C4JD", productName: "通用卡" });
    expect(linked[0]!.teamId).toBe(marketing.teamId);

    // Read again with its product already linked: nothing more to record.
    await syncAccountCards(database.db(), accountIds.cardepass);
    expect(await productLinkRows(marketing.id)).toHaveLength(1);
  });

  it("imported once its product is known carries it, and a top-up of it is quoted the product's fee", async () => {
    // A fee Cardhub learnt from a charged top-up of another card of the product (lib/fees/record-charged-fee.ts).
    const general = await product("cardepass", "DGG0C4JD");
    const rule = { currency: "USD", fixed: "100", ratePpm: 0, source: "last_charged", observedAt: "2026-11-01T00:00:00.000Z" };
    await setProductFees(database.db(), { productId: general.id, fees: { "standard:topup": rule } });

    await sandboxCall(`/cards/cardepass/${EVENTS}/status`, { status: "active" });
    await sandboxCall("/purchase", { provider: "cardepass", cardId: EVENTS, amount: "1.00", currency: "USD", merchant: "FIGMA" });
    await readCardepassTransactions();
    expect(await syncAccountCards(database.db(), accountIds.cardepass)).toMatchObject({ imported: 1, failed: 0 });
    const imported = await stored("cardepass", EVENTS);
    expect(imported.productId, "linked on import").toBe(general.id);
    expect(cardProductText((await findCardForView(database.db(), imported.id))!)).toBe("通用卡 (DGG0C4JD)");
    expect(await quotedFee(imported.id, "topup", 5_000n), "MONEY: the top-up dialog's fee").toMatchObject({ fee: 100n, currency: "USD", source: "last_charged" });
  });

  it("keeps a product already set, whatever product the provider names for it", async () => {
    const marketing = await stored("cardepass", MARKETING);
    const ours = await product("cardepass", "A5GGCYNQ");
    await updateCard(database.db(), marketing.id, { productId: ours.id });

    expect(await syncAccountCards(database.db(), accountIds.cardepass)).toMatchObject({ failed: 0 });
    await syncCard(database.db(), marketing.id);
    const after = await stored("cardepass", MARKETING);
    // Both reads were stored (the card is read again): only the product stayed Cardhub's.
    expect(after.lastSyncedAt!.getTime()).toBeGreaterThan(marketing.lastSyncedAt!.getTime());
    expect(after.productId).toBe(ours.id);
  });
});

describe("a Card OPEN-API card issued outside Cardhub (read from the card list)", () => {
  it("is imported with its BIN's product, and a top-up of it is quoted the BIN's published fee", async () => {
    await refreshAccountProducts(database.db(), accountIds.cardopenapi);
    expect(await syncAccountCards(database.db(), accountIds.cardopenapi)).toMatchObject({ failed: 0 });
    const card = await stored("cardopenapi", OPENAPI_MARKETING);
    expect(card.productId, "linked on import").toBe((await product("cardopenapi", "cpi_6530de6a2f1c7")).id);
    // cardopenapi.md's card list and detail give no issue time (only use_at, 激活时间): none is made up.
    expect(card.issuedAt).toBeNull();
    expect(cardProductText((await findCardForView(database.db(), card.id))!)).toBe("VISA 448533 (cpi_6530de6a2f1c7)");
    // MONEY: 1.5% of $100.00 (the BIN list's recharge_fee_rate), the fee the top-up dialog shows.
    expect(await quotedFee(card.id, "topup", 10_000n)).toMatchObject({ fee: 150n, currency: "USD", source: "provider" });
  });

  it("a card without its product (imported before this was recorded) gets it at its next read, alone or from the list", async () => {
    const alone = await stored("cardopenapi", OPENAPI_MARKETING);
    const listed = await stored("cardopenapi", OPENAPI_AMEX);
    await updateCard(database.db(), alone.id, { productId: null });
    await updateCard(database.db(), listed.id, { productId: null });

    await syncCard(database.db(), alone.id);
    expect((await stored("cardopenapi", OPENAPI_MARKETING)).productId, "read on its own (syncCard)").toBe((await product("cardopenapi", "cpi_6530de6a2f1c7")).id);
    expect((await stored("cardopenapi", OPENAPI_AMEX)).productId).toBeNull();
    expect((await productLinkRows(alone.id)).map((row) => row.summary), "audited when read on its own").toEqual([
      expect.objectContaining({ providerProductId: "cpi_6530de6a2f1c7", productName: "VISA 448533" }),
    ]);

    expect(await syncAccountCards(database.db(), accountIds.cardopenapi)).toMatchObject({ failed: 0 });
    expect((await stored("cardopenapi", OPENAPI_AMEX)).productId, "read from the card list").toBe((await product("cardopenapi", "cpi_6530de6a2f1d9")).id);
  });
});
