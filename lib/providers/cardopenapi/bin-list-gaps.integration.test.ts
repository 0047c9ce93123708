/**
 * Card OPEN-API's BIN list and BIN fees (review cardopenapi43 F2, F5), against the sandbox over HTTP. The document only
 * names them: "卡Bin列表", "卡Bin费用" (cardopenapi.md lines 49, 51) and a "Bin Status" table (line 13) with no values;
 * the one endpoint it specifies names no currency for an amount ("card_list.balancefloat是余额,单位:元", line 137). So
 * a BIN's currency is the one its BIN list entry states, and what this provider's answers leave out is said, not guessed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseMoney } from "@/lib/money";
import { silentLogger, type FetchLike } from "@/lib/providers/http";
import { createProvider } from "@/lib/providers/index";
import { startHarness, type SandboxHarness } from "@/lib/providers/integration-support";
import type { CardProvider } from "@/lib/providers/interface";
import { TokenCache } from "@/lib/providers/token-cache";
import { ENDPOINTS as EP } from "@/lib/providers/cardopenapi/types";

const VISA_BIN = "cpi_6530de6a2f1c7";
const AMEX_BIN = "cpi_6530de6a2f1d9";
const MASTERCARD_BIN = "cpi_65a1b2c3d4e5f";
// The sandbox's only card of AMEX_BIN: balance 200.50, 440.50 loaded.
const AMEX_CARD = "5f1d0c9e8b7a6f5e4d3c2b1a00000002";
const VISA_CARD = "5f1d0c9e8b7a6f5e4d3c2b1a00000001";

type Change = { feeRefused?: string; feeAuthRefused?: string; withoutCurrency?: string; unlisted?: string };

describe("Card OPEN-API BINs whose answers leave something out", () => {
  let h: SandboxHarness;
  let change: Change = {};
  let feeReadsInFlight = 0;
  let mostFeeReadsInFlight = 0;
  let feeReadsOf: unknown[] = [];

  const fetch: FetchLike = async (input, init) => {
    const path = new URL(input).pathname;
    const body = JSON.parse(String(init.body)) as Record<string, unknown>;
    if (path.endsWith(EP.binFee.path)) {
      feeReadsOf.push(body.bin_id);
      feeReadsInFlight += 1;
      mostFeeReadsInFlight = Math.max(mostFeeReadsInFlight, feeReadsInFlight);
      try {
        // A withdrawn BIN, say: the sandbox's own "not found" answer.
        if (body.bin_id === change.feeRefused) return Response.json({ code: 10003, message: "record not found: bin_id", data: null });
        if (body.bin_id === change.feeAuthRefused) return Response.json({ code: 10001, message: "invalid customer_id, app_id or key", data: null });
        await new Promise((resolve) => setTimeout(resolve, 5));
        return await globalThis.fetch(input, init);
      } finally {
        feeReadsInFlight -= 1;
      }
    }
    const res = await globalThis.fetch(input, init);
    if (!path.endsWith(EP.binList.path) || res.status !== 200) return res;
    const json = (await res.json()) as { data: { bin_list: Record<string, unknown>[] } };
    json.data.bin_list = json.data.bin_list.filter((bin) => bin.bin_id !== change.unlisted);
    for (const bin of json.data.bin_list) if (bin.bin_id === change.withoutCurrency) delete bin.currency;
    return Response.json(json);
  };
  const provider = (): CardProvider => createProvider(h.config(), { tokenCache: new TokenCache(), http: { fetch, logger: silentLogger, baseDelayMs: 5, maxDelayMs: 50 } });

  beforeAll(async () => {
    h = await startHarness("cardopenapi");
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.admin("POST", "/reset");
    change = {};
    mostFeeReadsInFlight = 0;
    feeReadsOf = [];
  });

  describe("F2: 卡Bin费用 (the BIN fee) of one BIN cannot be read", () => {
    it("lists every BIN, the unreadable one without fees and saying why, the others with theirs", async () => {
      change = { feeRefused: MASTERCARD_BIN };
      const products = await provider().listProducts();
      expect(products.map((product) => product.productId).sort()).toEqual([VISA_BIN, AMEX_BIN, MASTERCARD_BIN].sort());
      const refused = products.find((product) => product.productId === MASTERCARD_BIN)!;
      expect(refused.fees).toBeUndefined();
      expect(refused.unread).toEqual([expect.stringMatching(/fees of Card OPEN-API's BIN cpi_65a1b2c3d4e5f could not be read.*record not found: bin_id/)]);
      expect(refused.notOffered).toBeUndefined();
      const visa = products.find((product) => product.productId === VISA_BIN)!;
      expect(visa.fees).toEqual({ issue: { fixed: parseMoney("1", "USD"), ratePpm: 15_000 }, topup: { fixed: parseMoney("0", "USD"), ratePpm: 15_000 } });
      expect(visa.unread).toBeUndefined();
    });

    it("reads the fees one BIN at a time, not all at once", async () => {
      await provider().listProducts();
      expect(mostFeeReadsInFlight).toBe(1);
    });

    it("after a fee refused for the credentials, which the next BIN would meet too, asks no other BIN", async () => {
      change = { feeAuthRefused: VISA_BIN };
      const products = await provider().listProducts();
      expect(feeReadsOf).toEqual([VISA_BIN]);
      expect(products.map((product) => [product.productId, product.fees, product.unread?.length])).toEqual([
        [VISA_BIN, undefined, 1],
        [AMEX_BIN, undefined, 1],
        [MASTERCARD_BIN, undefined, 1],
      ]);
      expect(products[2]!.unread![0]).toMatch(/^The fees of Card OPEN-API's BIN cpi_65a1b2c3d4e5f could not be read, so it keeps the fees last known: The card provider rejected the account credentials/);
    });

    it("keeps each BIN's status as the provider states it, where finance sees it (its values are not documented)", async () => {
      const products = await provider().listProducts();
      // The sandbox's BIN list answers status 1 for every BIN.
      expect(products.map((product) => product.description)).toEqual(products.map(() => "BIN status code 1 at Card OPEN-API (its codes are not documented)"));
    });
  });

  describe("F5: a BIN that states no currency", () => {
    it("is listed as not offered, saying why, never in USD, and its fee is not asked", async () => {
      change = { withoutCurrency: AMEX_BIN };
      const products = await provider().listProducts();
      const amex = products.find((product) => product.productId === AMEX_BIN)!;
      expect(amex.notOffered).toMatch(/^Card OPEN-API's BIN cpi_6530de6a2f1d9 states no currency, so it is not offered/);
      expect(amex.currencies).toEqual([]);
      expect(amex.minInitialDeposit).toBeNull();
      expect(amex.fees).toBeUndefined();
      expect(feeReadsOf).not.toContain(AMEX_BIN);
      expect(products.filter((product) => product.productId !== AMEX_BIN).every((product) => product.notOffered === undefined && product.currencies[0] === "USD")).toBe(true);
    });

    it("its cards are listed and read with their status but no amount and no currency, saying why", async () => {
      change = { withoutCurrency: AMEX_BIN };
      const p = provider();
      const page = await p.listCards({ pageSize: 50 });
      const expected = { providerCardId: AMEX_CARD, status: "active", currency: "", balance: null, totalFunded: null, currencyUnknown: expect.stringMatching(/^Card OPEN-API's BIN cpi_6530de6a2f1d9 states no currency/) };
      expect(page.items.find((card) => card.providerCardId === AMEX_CARD)).toMatchObject(expected);
      expect(await p.getCard(AMEX_CARD)).toMatchObject(expected);
      const visa = page.items.find((card) => card.providerCardId === VISA_CARD)!;
      expect(visa).toMatchObject({ currency: "USD", balance: { currency: "USD" }, totalFunded: parseMoney("500", "USD") });
      expect(visa.currencyUnknown).toBeUndefined();
    });

    it("an order of that BIN is not read in a guessed currency", async () => {
      const p = provider();
      await p.topUp({ customerOrderNo: "amex-1", cardId: AMEX_CARD, amount: parseMoney("1", "USD") });
      change = { withoutCurrency: AMEX_BIN };
      await expect(p.getOrder({ type: "topup", customerOrderNo: "amex-1" })).rejects.toMatchObject({
        code: "unknown",
        message: expect.stringMatching(/order: Card OPEN-API's BIN cpi_6530de6a2f1d9 states no currency, so its amounts are not read/),
      });
    });

    it("a card whose BIN the BIN list leaves out is read the same way", async () => {
      change = { unlisted: AMEX_BIN };
      expect(await provider().getCard(AMEX_CARD)).toMatchObject({ currency: "", balance: null, currencyUnknown: expect.stringMatching(/BIN cpi_6530de6a2f1d9 is not on Card OPEN-API's BIN list/) });
    });
  });
});
