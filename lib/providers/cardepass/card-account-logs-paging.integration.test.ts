import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseMoney } from "@/lib/money";
import { silentLogger, type FetchLike } from "@/lib/providers/http";
import { createProvider } from "@/lib/providers/index";
import { eventually, startHarness, type SandboxHarness } from "@/lib/providers/integration-support";
import type { CardProvider } from "@/lib/providers/interface";
import { TokenCache } from "@/lib/providers/token-cache";
import type { Order } from "@/lib/providers/types";

/**
 * cardepass-v2.md GET 查询卡资金明细 (/v1/accounts/cardAccountLogs) takes "| PageNumber | query | integer | 否 | 页码 |
 * 分页页码，从1开始 |" and "| PageSize | query | integer | 否 | 页大小 | 每页记录数 |"; "| Limit |" and "| Offset |" belong to
 * GET 查询资金账户明细 (/v1/accounts/accountLogs) only. cardepass-v1.md pages both with Limit/Offset.
 */
const usd = (v: string) => parseMoney(v, "USD");

type Answer = { totalRecords: number; data: { accountLogId: string }[] };

/** The account on `version` over HTTP, with every card-log query it sends kept; `rewrite` may alter an answer's data. */
function providerOn(h: SandboxHarness, version: "v1" | "v2", rewrite?: (query: URLSearchParams, data: Answer) => Answer) {
  const queries: URLSearchParams[] = [];
  const fetch: FetchLike = async (input, init) => {
    const url = new URL(input);
    const res = await globalThis.fetch(input, init);
    if (!url.pathname.endsWith("/cardAccountLogs")) return res;
    queries.push(url.searchParams);
    if (!rewrite) return res;
    const body = (await res.json()) as { data: Answer };
    return new Response(JSON.stringify({ ...body, data: rewrite(url.searchParams, body.data) }), { status: res.status, headers: res.headers });
  };
  const config = h.config({ settings: { ...h.config().settings, apiVersion: version } });
  return { provider: createProvider(config, { tokenCache: new TokenCache(), http: { fetch, logger: silentLogger } }), queries };
}

async function settled(p: CardProvider, order: Order): Promise<Order> {
  return eventually(async () => {
    const o = await p.getOrder({ type: order.type, model: "standard", customerOrderNo: order.customerOrderNo ?? undefined });
    return o.status === "pending" ? undefined : o;
  });
}

/** A Standard card with three ledger lines: its apply and two top-ups. */
async function cardWithThreeLines(p: CardProvider, key: string, v1: boolean): Promise<string> {
  const issued = await p.issueCard({ customerOrderNo: key, productId: "0BN03HNK", model: "standard", currency: "USD", alias: key, ...(v1 ? { initialAmount: usd("0") } : {}) });
  const cardId = (await settled(p, issued)).cardIds[0]!;
  for (const amount of ["5", "6"]) await settled(p, await p.topUp({ customerOrderNo: `${key}-${amount}`, cardId, model: "standard", amount: usd(amount) }));
  return cardId;
}

const paging = (q: URLSearchParams) => Object.fromEntries([...q].filter(([k]) => ["Limit", "Offset", "PageNumber", "PageSize"].includes(k)));

describe("Cardepass v2 card ledger paging against the sandbox", () => {
  let h: SandboxHarness;
  let cardId: string;
  let lines: string[];
  beforeAll(async () => {
    h = await startHarness("cardepass", { cardepassVersion: "v2" });
    const { provider } = providerOn(h, "v2");
    cardId = await cardWithThreeLines(provider, "paging-v2", false);
    lines = (await provider.accountLogs({ cardId, pageSize: 10 })).items.map((l) => l.providerLogId);
    expect(lines).toHaveLength(3);
  });
  afterAll(() => h.close());

  it("walks page by page with PageNumber/PageSize only, one page size throughout, every line once", async () => {
    const { provider, queries } = providerOn(h, "v2");
    const read: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await provider.accountLogs({ cardId, cursor, pageSize: 2 });
      read.push(...page.items.map((l) => l.providerLogId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(read).toEqual(lines);
    expect(queries.map(paging)).toEqual([
      { PageNumber: "1", PageSize: "2" },
      { PageNumber: "2", PageSize: "2" },
    ]);
  });

  it("a cursor off a page boundary (a walk resumed with another page size) reads its page again and keeps only the lines after it", async () => {
    const { provider, queries } = providerOn(h, "v2");
    // Cursor 1: one line was read; with pages of 2 that is inside page 1.
    const page = await provider.accountLogs({ cardId, cursor: "1", pageSize: 2 });
    expect(queries.map(paging)).toEqual([{ PageNumber: "1", PageSize: "2" }]);
    expect(page.items.map((l) => l.providerLogId)).toEqual([lines[1]]);
    expect(page.nextCursor).toBe("2");
    const next = await provider.accountLogs({ cardId, cursor: page.nextCursor!, pageSize: 2 });
    expect(next.items.map((l) => l.providerLogId)).toEqual([lines[2]]);
    expect(next.nextCursor).toBeNull();
  });

  it("a short page while more remain is refused, not walked past (the rest of that page would never be read)", async () => {
    // The provider answers page 1 with one line of two while totalRecords says three.
    const { provider, queries } = providerOn(h, "v2", (query, data) => (query.get("PageNumber") === "1" ? { ...data, data: data.data.slice(0, 1) } : data));
    await expect(provider.accountLogs({ cardId, pageSize: 2 })).rejects.toMatchObject({ code: "unknown", message: expect.stringContaining("1 ledger lines for a page of 2") });
    expect(queries.map(paging)).toEqual([{ PageNumber: "1", PageSize: "2" }]);
  });
});

describe("Cardepass v1 card ledger paging against the sandbox (unchanged)", () => {
  let h: SandboxHarness;
  beforeAll(async () => {
    h = await startHarness("cardepass", { cardepassVersion: "v1" });
  });
  afterAll(() => h.close());

  it("sends Limit/Offset only (cardepass-v1.md cardAccountLogs: \"| Limit |\", \"| Offset |\"; no PageNumber)", async () => {
    const { provider, queries } = providerOn(h, "v1");
    const cardId = await cardWithThreeLines(provider, "paging-v1", true);
    const all = (await provider.accountLogs({ cardId, pageSize: 10 })).items.map((l) => l.providerLogId);
    const page = await provider.accountLogs({ cardId, cursor: "1", pageSize: 2 });
    expect(page.items.map((l) => l.providerLogId)).toEqual(all.slice(1, 3));
    expect(queries.map(paging)).toEqual([
      { Limit: "10", Offset: "0" },
      { Limit: "2", Offset: "1" },
    ]);
  });
});
