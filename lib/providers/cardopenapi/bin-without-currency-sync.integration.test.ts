/**
 * The card sync of a Card OPEN-API account whose BIN list states no currency for one BIN (review cardopenapi43 F5).
 * cardopenapi.md names no currency for a card's amounts ("card_list.balancefloat是余额,单位:元", line 137); the
 * adapter takes it from the card's BIN. A card of a BIN that states none is not imported in a guessed currency (its
 * trades are refused the same way); a card Cardhub already keeps in its currency keeps it, its status still followed.
 */
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { findCardByProviderId } from "@/db/queries/card-updates";
import { findSyncHealth } from "@/db/queries/provider-sync-status";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { CARDS_SYNC, syncAllCards } from "@/lib/cards/sync-account-cards";
import type { FetchLike } from "@/lib/providers/http";
import { ENDPOINTS as EP } from "@/lib/providers/cardopenapi/types";
import { withTestDatabase } from "@/test/database";
import { accountOf, sandboxAdmin } from "@/test/transaction-sync";
import { withSeededSandbox } from "@/test/seeded-sandbox";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const AMEX_BIN = "cpi_6530de6a2f1d9";
// The sandbox's only card of AMEX_BIN, active.
const AMEX_CARD = "5f1d0c9e8b7a6f5e4d3c2b1a00000002";
const OTHER_CARDS = ["5f1d0c9e8b7a6f5e4d3c2b1a00000001", "5f1d0c9e8b7a6f5e4d3c2b1a00000003", "5f1d0c9e8b7a6f5e4d3c2b1a00000004", "5f1d0c9e8b7a6f5e4d3c2b1a00000005"];

const database = withTestDatabase();
const sandbox = withSeededSandbox(() => database.db(), { syncCards: false });
const realFetch = globalThis.fetch;
afterEach(() => {
  vi.restoreAllMocks();
});

/** Every process-wide call to the provider: its BIN list answers AMEX_BIN without a currency. */
function binListWithoutAmexCurrency(): void {
  const fetch: FetchLike = async (input, init) => {
    const res = await realFetch(input, init);
    if (!new URL(input).pathname.endsWith(EP.binList.path) || res.status !== 200) return res;
    const body = (await res.json()) as { data: { bin_list: Record<string, unknown>[] } };
    for (const bin of body.data.bin_list) if (bin.bin_id === AMEX_BIN) delete bin.currency;
    return Response.json(body);
  };
  vi.spyOn(globalThis, "fetch").mockImplementation(fetch as typeof globalThis.fetch);
}

/** The account's adapter keeps the BIN list it read; an edited account gets a new one (lib/providers/for-account). */
async function readBinListAgain(accountId: string): Promise<void> {
  await database.db().update(providerAccounts).set({ updatedAt: new Date() }).where(eq(providerAccounts.id, accountId));
}

/** A card's balance at the sandbox, in minor units. */
async function sandboxBalance(cardId: string): Promise<bigint> {
  const state = (await sandboxAdmin(sandbox().url, "/state")) as { cardopenapi: { cards: { cardId: string; balance: string }[] } };
  const [whole, cents = ""] = state.cardopenapi.cards.find((card) => card.cardId === cardId)!.balance.split(".");
  return BigInt(whole!) * 100n + BigInt(cents.padEnd(2, "0"));
}

const cardOf = async (accountId: string, providerCardId: string) => findCardByProviderId(database.db(), { providerAccountId: accountId, providerCardId });

describe("a Card OPEN-API BIN that states no currency, in the card sync", () => {
  it("its card is not imported, the others are, and the cards sync status names the BIN", async () => {
    const account = await accountOf(database.db(), "cardopenapi");
    binListWithoutAmexCurrency();
    await syncAllCards(database.db());
    expect(await cardOf(account.id, AMEX_CARD)).toBeNull();
    for (const id of OTHER_CARDS) expect(await cardOf(account.id, id)).toMatchObject({ currency: "USD" });
    const health = await findSyncHealth(database.db(), { providerAccountId: account.id, kind: CARDS_SYNC });
    expect(health.lastError).toBe(
      "1 card(s) could not be read: Card OPEN-API's BIN cpi_6530de6a2f1d9 states no currency for card 5f1d0c9e8b7a6f5e4d3c2b1a00000002, so it was not imported (its amounts would be read in a guessed currency)",
    );
  }, 60_000);

  it("once the BIN states it, the card is imported in it", async () => {
    const account = await accountOf(database.db(), "cardopenapi");
    await readBinListAgain(account.id);
    await syncAllCards(database.db());
    expect(await cardOf(account.id, AMEX_CARD)).toMatchObject({ currency: "USD", balance: await sandboxBalance(AMEX_CARD), status: "active" });
    const health = await findSyncHealth(database.db(), { providerAccountId: account.id, kind: CARDS_SYNC });
    expect(health.lastSuccessAt!.getTime()).toBeGreaterThan(health.lastErrorAt!.getTime());
  }, 60_000);

  it("a card Cardhub keeps whose BIN then states none keeps its currency and balance, its status followed, and the status says so", async () => {
    const account = await accountOf(database.db(), "cardopenapi");
    const kept = (await cardOf(account.id, AMEX_CARD))!.balance;
    await sandboxAdmin(sandbox().url, "/purchase", { provider: "cardopenapi", cardId: AMEX_CARD, amount: "1.00", merchant: "GITHUB", settle: true });
    await sandboxAdmin(sandbox().url, `/cards/cardopenapi/${AMEX_CARD}/status`, { status: 3 });
    binListWithoutAmexCurrency();
    await readBinListAgain(account.id);
    await syncAllCards(database.db());
    expect(await sandboxBalance(AMEX_CARD)).toBe(kept! - 100n);
    expect(await cardOf(account.id, AMEX_CARD)).toMatchObject({ currency: "USD", balance: kept, status: "frozen", providerStatus: "3" });
    const health = await findSyncHealth(database.db(), { providerAccountId: account.id, kind: CARDS_SYNC });
    expect(health.lastErrorAt!.getTime()).toBeGreaterThan(health.lastSuccessAt!.getTime());
    expect(health.lastError).toBe(
      "1 card(s) could not be read: Card OPEN-API's BIN cpi_6530de6a2f1d9 states no currency for card 5f1d0c9e8b7a6f5e4d3c2b1a00000002, so its status was read but its balance was not: it keeps the currency and balance Cardhub last knew",
    );
  }, 60_000);
});
