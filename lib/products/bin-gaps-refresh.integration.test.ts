/**
 * A products refresh of a Card OPEN-API account whose BIN answers leave something out (review cardopenapi43 F2, F5).
 * cardopenapi.md only names "卡Bin列表" and "卡Bin费用" (lines 49, 51) and a "Bin Status" table with no values (line 13),
 * and names no currency for an amount ("card_list.balancefloat是余额,单位:元", line 137). A BIN whose fee cannot be read
 * is still offered, with the fees last known ("A product refresh never erases a known fee", README); a BIN that states
 * no currency is not offered; the products sync status records a partial refresh that names both.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { listProducts } from "@/db/queries/products";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findSyncHealth } from "@/db/queries/provider-sync-status";
import { seedDemo } from "@/db/seed";
import type { FetchLike } from "@/lib/providers/http";
import { ENDPOINTS as EP } from "@/lib/providers/cardopenapi/types";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { productsRefreshOutcome } from "./products-refresh-outcome";
import { PRODUCTS_SYNC, refreshAllProducts } from "./refresh-products";

const VISA_BIN = "cpi_6530de6a2f1c7";
const AMEX_BIN = "cpi_6530de6a2f1d9";
const MASTERCARD_BIN = "cpi_65a1b2c3d4e5f";

const database = withTestDatabase();
let sandbox: RunningSandbox;
let accountId = "";
let organizationId = "";
const realFetch = globalThis.fetch;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  const account = (await listProviderAccounts(database.db())).find((candidate) => candidate.provider === "cardopenapi")!;
  accountId = account.id;
  organizationId = account.organizationId;
});
afterAll(async () => {
  await sandbox?.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Every process-wide call to the provider: MASTERCARD_BIN's fee is "not found", AMEX_BIN is listed without a currency. */
function binAnswersWithGaps(): void {
  const fetch: FetchLike = async (input, init) => {
    const path = new URL(input).pathname;
    if (path.endsWith(EP.binFee.path) && (JSON.parse(String(init.body)) as { bin_id?: unknown }).bin_id === MASTERCARD_BIN) {
      return Response.json({ code: 10003, message: "record not found: bin_id", data: null });
    }
    const res = await realFetch(input, init);
    if (!path.endsWith(EP.binList.path) || res.status !== 200) return res;
    const body = (await res.json()) as { data: { bin_list: Record<string, unknown>[] } };
    for (const bin of body.data.bin_list) if (bin.bin_id === AMEX_BIN) delete bin.currency;
    return Response.json(body);
  };
  vi.spyOn(globalThis, "fetch").mockImplementation(fetch as typeof globalThis.fetch);
}

const stored = async () => new Map((await listProducts(database.db(), { organizationId, accountId })).map((product) => [product.providerProductId, product]));
const health = () => findSyncHealth(database.db(), { providerAccountId: accountId, kind: PRODUCTS_SYNC });

describe("a Card OPEN-API products refresh whose BIN answers leave something out", () => {
  it("stores what it read, keeps the unreadable fee as known, withdraws the BIN without a currency, and names both", async () => {
    expect((await refreshAllProducts(database.db(), { accountId })).failed).toEqual([]);
    const before = await stored();
    expect(Object.keys(before.get(MASTERCARD_BIN)!.fees).length).toBeGreaterThan(0);

    binAnswersWithGaps();
    const summary = await refreshAllProducts(database.db(), { accountId });
    expect(summary).toEqual({ refreshed: 2, failed: [] });

    const after = await stored();
    expect(after.get(VISA_BIN)!.details).toMatchObject({ description: "BIN status code 1 at Card OPEN-API (its codes are not documented)" });
    expect(after.get(VISA_BIN)!.details.withdrawn).toBeUndefined();
    expect(after.get(MASTERCARD_BIN)!.fees).toEqual(before.get(MASTERCARD_BIN)!.fees);
    expect(after.get(MASTERCARD_BIN)!.details.withdrawn).toBeUndefined();
    expect(after.get(AMEX_BIN)!.details.withdrawn).toBe(true);
    expect(after.get(AMEX_BIN)!.currencies).toEqual(["USD"]);

    // VISA_BIN was read whole: a partial refresh, not a failure.
    expect(productsRefreshOutcome(await health())).toEqual({
      state: "partial",
      at: expect.any(Date),
      unread: [
        "Card OPEN-API's BIN cpi_6530de6a2f1d9 states no currency, so it is not offered (an amount in a guessed currency would be another sum)",
        "The fees of Card OPEN-API's BIN cpi_65a1b2c3d4e5f could not be read, so it keeps the fees last known: The card provider does not know this card or order. (provider says: record not found: bin_id)",
      ],
    });
  });

  it("offers the BIN again, and records a clean refresh, once its answers are whole", async () => {
    expect(await refreshAllProducts(database.db(), { accountId })).toEqual({ refreshed: 3, failed: [] });
    expect((await stored()).get(AMEX_BIN)!.details.withdrawn).toBeUndefined();
    expect(productsRefreshOutcome(await health()).state).toBe("refreshed");
  });
});
