/**
 * A Card OPEN-API products refresh in which one BIN's fee read fails while the others succeed is a partial refresh,
 * not a failure: the BINs read are refreshed then, and the status names the one that was not. A refresh in which no
 * BIN could be read whole stays a failure.
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
  expect((await refreshAllProducts(database.db(), { accountId })).failed).toEqual([]);
});
afterAll(async () => {
  await sandbox?.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** The sandbox answers every call, except the fee reads of these BINs, which it does not know. */
function feeUnknownFor(bins: readonly string[]): void {
  const fetch: FetchLike = async (input, init) => {
    const path = new URL(input).pathname;
    if (path.endsWith(EP.binFee.path) && bins.includes((JSON.parse(String(init.body)) as { bin_id?: string }).bin_id ?? "")) {
      return Response.json({ code: 10003, message: "record not found: bin_id", data: null });
    }
    return realFetch(input, init);
  };
  vi.spyOn(globalThis, "fetch").mockImplementation(fetch as typeof globalThis.fetch);
}

const stored = async () => new Map((await listProducts(database.db(), { organizationId, accountId })).map((product) => [product.providerProductId, product]));
const outcome = async () => productsRefreshOutcome(await findSyncHealth(database.db(), { providerAccountId: accountId, kind: PRODUCTS_SYNC }));

describe("a products refresh in which one BIN's fee cannot be read", () => {
  it("is partial: the other BINs are refreshed at that time, and the status names the one that was not read, with why", async () => {
    feeUnknownFor([MASTERCARD_BIN]);
    const startedAt = new Date();
    expect(await refreshAllProducts(database.db(), { accountId })).toEqual({ refreshed: 3, failed: [] });

    const status = await outcome();
    expect(status).toEqual({
      state: "partial",
      at: expect.any(Date),
      unread: [
        `The fees of Card OPEN-API's BIN ${MASTERCARD_BIN} could not be read, so it keeps the fees last known: ` +
          "The card provider does not know this card or order. (provider says: record not found: bin_id)",
      ],
    });
    if (status.state !== "partial") return;
    expect(status.at.getTime()).toBeGreaterThanOrEqual(startedAt.getTime());
    const products = await stored();
    for (const bin of [VISA_BIN, AMEX_BIN]) {
      expect(products.get(bin)!.refreshedAt.getTime()).toBeGreaterThanOrEqual(status.at.getTime());
      expect(Object.keys(products.get(bin)!.fees).length).toBeGreaterThan(0);
    }
  });

  it("is a failure when no BIN's fee could be read", async () => {
    feeUnknownFor([VISA_BIN, AMEX_BIN, MASTERCARD_BIN]);
    const summary = await refreshAllProducts(database.db(), { accountId });
    expect(summary.failed).toEqual([{ accountId, label: expect.any(String), message: expect.stringContaining(`BIN ${VISA_BIN} could not be read`) }]);

    const status = await outcome();
    expect(status.state).toBe("failed");
    if (status.state !== "failed") return;
    expect(status.reasons).toHaveLength(3);
    expect(status.reasons.join(" ")).toContain(`BIN ${MASTERCARD_BIN} could not be read`);
  });

  it("is a clean refresh again once every fee is read", async () => {
    expect(await refreshAllProducts(database.db(), { accountId })).toEqual({ refreshed: 3, failed: [] });
    expect((await outcome()).state).toBe("refreshed");
  });
});
