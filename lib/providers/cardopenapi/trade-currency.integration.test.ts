import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { stringifyWithMoney } from "@/lib/money";
import { silentLogger, type FetchLike } from "@/lib/providers/http";
import { createProvider } from "@/lib/providers/index";
import { startHarness, type SandboxHarness } from "@/lib/providers/integration-support";
import type { CardProvider } from "@/lib/providers/interface";
import { TokenCache } from "@/lib/providers/token-cache";
import { ENDPOINTS as EP } from "@/lib/providers/cardopenapi/types";

// cardopenapi.md specifies only the card list; 卡交易列表 (the trade list) is named in its contents with no fields, and
// the card list names no currency either ("card_list.balance float 是 余额,单位:元"). A card's currency is its BIN's, so
// a trade that states none is in its card's. This provider hears the sandbox's all-USD BINs as: cpi_6530de6a2f1c7 EUR,
// cpi_6530de6a2f1d9 with no currency stated, cpi_65a1b2c3d4e5f USD; and every trade loses its currency.
const EUR_BIN = "cpi_6530de6a2f1c7";
const SILENT_BIN = "cpi_6530de6a2f1d9";
const EUR_CARDS = ["5f1d0c9e8b7a6f5e4d3c2b1a00000001", "5f1d0c9e8b7a6f5e4d3c2b1a00000003", "5f1d0c9e8b7a6f5e4d3c2b1a00000005"];
const SILENT_CARD = "5f1d0c9e8b7a6f5e4d3c2b1a00000002";

describe("Card OPEN-API trades that state no currency, against the sandbox", () => {
  let h: SandboxHarness;
  let p: CardProvider;
  let detailReads: string[] = [];

  const fetch: FetchLike = async (input, init) => {
    const path = new URL(input).pathname;
    if (path.endsWith(EP.cardDetail.path)) detailReads.push(String(JSON.parse(String(init.body)).card_id));
    const res = await globalThis.fetch(input, init);
    if (res.status !== 200 || !(path.endsWith(EP.binList.path) || path.endsWith(EP.cardTradeList.path))) return res;
    const body = (await res.json()) as { data: { bin_list?: Record<string, unknown>[]; trade_list?: Record<string, unknown>[] } };
    for (const bin of body.data.bin_list ?? []) {
      if (bin.bin_id === EUR_BIN) bin.currency = "EUR";
      if (bin.bin_id === SILENT_BIN) delete bin.currency;
    }
    for (const row of body.data.trade_list ?? []) {
      delete row.currency;
      delete row.trade_currency;
    }
    return Response.json(body);
  };

  beforeAll(async () => {
    h = await startHarness("cardopenapi");
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.admin("POST", "/reset");
    detailReads = [];
    p = createProvider(h.config(), { tokenCache: new TokenCache(), http: { fetch, logger: silentLogger } });
  });

  it("reads each trade in its card's BIN currency, and leaves out (never as USD) those of a card whose currency is not known", async () => {
    const page = await p.listTransactions({ pageSize: 500 });
    const byCard = (ids: readonly string[]) => page.items.filter((t) => ids.includes(t.providerCardId ?? ""));
    expect(byCard(EUR_CARDS).length).toBeGreaterThan(0);
    expect(byCard(EUR_CARDS).every((t) => t.amount.currency === "EUR")).toBe(true);
    expect(byCard([SILENT_CARD])).toEqual([]);
    expect(page.items.filter((t) => t.amount.currency === "USD").every((t) => t.providerCardId === "5f1d0c9e8b7a6f5e4d3c2b1a00000004")).toBe(true);

    const silent = page.skipped ?? [];
    expect(silent.length).toBeGreaterThan(0);
    expect(silent.every((row) => /states no currency and its card's currency is not known/.test(row.reason))).toBe(true);
    // Every row is either read or named as left out.
    expect(page.items.length + silent.length).toBe(page.total);

    const secrets = (await h.secrets()).filter((s) => s.provider === "cardopenapi");
    const json = stringifyWithMoney(page);
    for (const s of secrets) expect(json).not.toContain(s.cardNumber);
  });

  it("asks for a card's detail once, however many of its trades and pages need it", async () => {
    let cursor: string | undefined;
    do {
      const page = await p.listTransactions({ cursor, pageSize: 3 });
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(detailReads.length).toBe(new Set(detailReads).size);
    expect(detailReads).toContain(SILENT_CARD);
  });
});
