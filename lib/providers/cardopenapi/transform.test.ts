import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { stringifyWithMoney } from "@/lib/money";
import { envelopeSchema } from "@/lib/providers/cardopenapi/types";
import {
  cardActionOrder,
  envelopeError,
  toCard,
  toCardPage,
  toCardSecrets,
  toCardStatus,
  toFundingBalances,
  toOrder,
  toTransaction,
  toTransactionPage,
} from "@/lib/providers/cardopenapi/transform";

const fx = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), "utf8")).body;
const usd = (cents: bigint) => ({ amount: cents, currency: "USD" });
const ctx = { timeZone: "Asia/Shanghai", currencyOf: () => ({ currency: "USD" }) };

describe("card list (the one specified endpoint)", () => {
  const envelope = envelopeSchema.parse(fx("card-list"));

  it("envelope code 0 is success", () => {
    expect(envelopeError(envelope)).toBeNull();
    expect(envelopeError({ code: 10001, message: "invalid customer_id, app_id or key" })).toMatchObject({ code: "auth", providerCode: "10001" });
    expect(envelopeError({ code: 10004, message: "insufficient balance" })?.code).toBe("insufficient_funds");
    expect(envelopeError({ code: 7, message: "???" })?.code).toBe("unknown");
  });

  it("normalizes both cards field by field: floats to exact cents, naive Shanghai times to UTC", () => {
    const page = toCardPage(envelope.data, ctx, { pageNo: 1, pageSize: 10 });
    expect(page.total).toBe(2);
    expect(page.nextCursor).toBeNull();
    expect(page.items[0]).toEqual({
      provider: "cardopenapi",
      providerCardId: "82cc95353d901fbcda9fe1385f68f29a",
      maskedNumber: "345432******1529",
      last4: "1529",
      status: "active",
      providerStatus: "2",
      model: "prepaid",
      currency: "USD",
      balance: usd(20050n),
      limits: null,
      totalFunded: usd(44050n),
      totalSpent: null,
      holderName: null,
      alias: null,
      productId: "cpi_6530de6a2f1c7",
      brand: null,
      expiryMonth: 3,
      expiryYear: 2028,
      tags: [],
      customerRef: null,
      // "card_list.holder_id string 是 持卡人 id": the cardholder ("" in the example), not a caller reference.
      holderId: null,
      issueOrderRef: null,
      // "card_list.use_at datetime 是 激活时间": the activation time, not the creation time.
      createdAt: null,
      activatedAt: new Date("2023-11-23T18:53:47Z"),
      // "card_list.end_at datetime 是 完成销卡时间", `"end_at": ""` in the example: an open card has not closed.
      closedAt: null,
    });
    expect(page.items[1]).toMatchObject({
      providerCardId: "4b7614889a86efc9249c2c14e349b7a4",
      maskedNumber: "448533******6937",
      balance: usd(20050n),
      totalFunded: usd(40149n),
    });
  });

  // The table says "page_no int 是 当前页码" and "page_size int 是 当前每页记录数", but the example asks
  // `"page_no": 1, "page_size": 10` and is answered `"page_no": 10, "page_size": 1`: the answer's paging is not trusted.
  it("pages by what was asked, not by the page_no/page_size the answer sends back", () => {
    const card = (envelope.data as { card_list: Record<string, unknown>[] }).card_list[0]!;
    const answer = (pageNo: number, count: number) => ({
      total: 25,
      page_no: 10,
      page_size: pageNo,
      card_list: Array.from({ length: count }, (_, i) => ({ ...card, card_id: `c${pageNo}-${i}` })),
    });
    const asked: number[] = [];
    const seen = new Set<string>();
    let cursor: string | null = "1";
    while (cursor !== null && asked.length < 5) {
      const pageNo = Number(cursor);
      asked.push(pageNo);
      const page = toCardPage(answer(pageNo, pageNo < 3 ? 10 : 5), ctx, { pageNo, pageSize: 10 });
      for (const c of page.items) seen.add(c.providerCardId);
      cursor = page.nextCursor;
    }
    expect(asked).toEqual([1, 2, 3]);
    expect(seen.size).toBe(25);
  });

  it("holder_id is the cardholder: 'card_list.holder_id string 是 持卡人 id'", () => {
    const raw = { ...(envelope.data as { card_list: Record<string, unknown>[] }).card_list[0], holder_id: "h_77" };
    expect(toCard(raw, { timeZone: "UTC", currency: "USD" })).toMatchObject({ holderId: "h_77", customerRef: null });
  });

  it("card_no, cvv and pin never survive normalization", () => {
    const json = stringifyWithMoney(toCardPage(envelope.data, ctx, { pageNo: 1, pageSize: 10 }));
    for (const secret of ["345432552191529", "4485333916826937", '"715"', '"183"', "card_no", "cvv", "pin"]) {
      expect(json).not.toContain(secret);
    }
  });

  it("honours the configured time zone", () => {
    const raw = (envelope.data as { card_list: unknown[] }).card_list[0];
    expect(toCard(raw, { timeZone: "UTC", currency: "USD" }).activatedAt).toEqual(new Date("2023-11-24T02:53:47Z"));
  });

  // "card_list.close_at datetime 是 发起销卡时间" and "card_list.end_at datetime 是 完成销卡时间", written like use_at
  // ("2023-11-24 02:53:47") and empty while there is none (`"close_at": "", "end_at": ""` for the example's open cards).
  describe("cancel times", () => {
    const open = (envelope.data as { card_list: Record<string, unknown>[] }).card_list[0]!;

    it("a cancelled card closed at end_at, its cancellation's completion, read in the account's time zone", () => {
      const cancelled = { ...open, status: 5, close_at: "2025-04-01 17:00:00", end_at: "2025-04-01 17:05:00" };
      expect(toCard(cancelled, { timeZone: "Asia/Shanghai", currency: "USD" })).toMatchObject({ status: "cancelled", closedAt: new Date("2025-04-01T09:05:00Z") });
      expect(toCard(cancelled, { timeZone: "UTC", currency: "USD" }).closedAt).toEqual(new Date("2025-04-01T17:05:00Z"));
    });

    it("a cancellation asked for but not completed (销卡中, close_at only) has not closed the card", () => {
      const cancelling = { ...open, status: 4, close_at: "2025-04-01 17:00:00", end_at: "" };
      expect(toCard(cancelling, { timeZone: "Asia/Shanghai", currency: "USD" })).toMatchObject({ status: "cancelling", closedAt: null });
    });

    it("an end_at that is not a time is absent, and the rest of the card is still read", () => {
      for (const endAt of ["yesterday", "2025-02-30 10:00:00", { at: "2025-04-01 17:05:00" }]) {
        const card = toCard({ ...open, status: 5, end_at: endAt }, { timeZone: "Asia/Shanghai", currency: "USD" });
        expect(card, JSON.stringify(endAt)).toMatchObject({ status: "cancelled", closedAt: null, balance: usd(20050n), activatedAt: new Date("2023-11-23T18:53:47Z") });
      }
      const page = toCardPage({ total: 1, card_list: [{ ...open, status: 5, end_at: "not a time" }] }, ctx, { pageNo: 1, pageSize: 10 });
      expect(page.items).toHaveLength(1);
    });
  });

  it("secrets come out only through toCardSecrets", () => {
    const raw = (envelope.data as { card_list: unknown[] }).card_list[1];
    expect(toCardSecrets(raw)).toEqual({ number: "4485333916826937", cvv: "183", expiryMonth: 3, expiryYear: 2028 });
  });

  it("maps every documented integer status", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 99].map(toCardStatus)).toEqual(["inactive", "active", "frozen", "cancelling", "cancelled", "frozen", "cancelled", "unknown"]);
  });

  it("the request examples carry the body credentials and paging", () => {
    for (const name of ["request-card-list", "request-card-list-2"]) {
      expect(Object.keys(fx(name)).sort()).toEqual(["app_id", "customer_id", "key", "page_no", "page_size"]);
    }
    expect(fx("response-empty")).toEqual({});
    expect(envelopeSchema.safeParse(fx("response-empty")).success).toBe(false);
  });
});

describe("inferred endpoints", () => {
  it("orders: integer type and status, float amounts", () => {
    const order = toOrder(
      { order_id: "O1", order_no: "L-1", type: 1, status: 2, bin_id: "b", card_id: "c1", amount: 200.5, fee: 1.49, total_amount: 201.99, fail_reason: "", create_at: "2023-11-24 02:53:47", finish_at: "2023-11-24 02:54:00" },
      { timeZone: "Asia/Shanghai", currency: "USD" },
    );
    expect(order).toMatchObject({ type: "issue", status: "completed", amount: usd(20050n), fee: usd(149n), total: usd(20199n), cardIds: ["c1"], customerOrderNo: "L-1", completedAt: new Date("2023-11-23T18:54:00Z") });
    expect(cardActionOrder("cancel", { card_id: "c1", status: 4 }, "L").status).toBe("pending");
    expect(cardActionOrder("freeze", { card_id: "c1", status: 3 }, "L").status).toBe("completed");
  });
  it("trades: consume negative, refund positive, card_no dropped", () => {
    const t = toTransaction(
      { trade_id: "t1", card_id: "c1", card_no: "4485333916826937", trade_type: 1, trade_status: 2, amount: 401.49, currency: "USD", trade_amount: 370, trade_currency: "EUR", merchant_name: "Shop", trade_at: "2023-11-24 02:53:47", settle_at: "" },
      { timeZone: "Asia/Shanghai", currency: "USD" },
    );
    expect(t).toMatchObject({ status: "completed", kind: "purchase", amount: usd(-40149n), originalAmount: { amount: -37000n, currency: "EUR" }, settledAt: null });
    expect(stringifyWithMoney(t)).not.toContain("4485333916826937");
  });
  it("the trade list pages by what was asked as the card list does, a short page being the last", () => {
    const trade = { trade_id: "t", card_id: "c1", trade_type: 1, trade_status: 2, amount: 1, currency: "USD", trade_at: "2023-11-24 02:53:47", settle_at: "" };
    const answer = (count: number) => ({ total: 25, page_no: 10, page_size: 2, trade_list: Array.from({ length: count }, () => trade) });
    const c = { timeZone: "UTC", currencyOfCard: () => "USD" };
    expect(toTransactionPage(answer(10), c, { pageNo: 2, pageSize: 10 }).nextCursor).toBe("3");
    expect(toTransactionPage(answer(5), c, { pageNo: 3, pageSize: 10 }).nextCursor).toBeNull();
  });
  it("wallets", () => {
    expect(toFundingBalances({ wallet_list: [{ wallet_id: "w1", currency: "USD", balance: 1000.1, frozen_balance: 0.2, status: 1 }] })).toEqual([
      { provider: "cardopenapi", accountId: "w1", label: null, currency: "USD", available: usd(100010n), frozen: usd(20n), total: usd(100030n) },
    ]);
  });
});

// cardopenapi.md documents no error message, only `"code": 0, "message": "success"`: a refusal is read by its words,
// and a word that merely contains "rate" is not a request limit (a limit is an unknown outcome, asked about again).
describe("error messages", () => {
  it("reads a request limit by its own words only", () => {
    for (const message of ["Too many requests", "rate limit exceeded", "请求过于频繁"]) expect(envelopeError({ code: 429, message })).toMatchObject({ code: "rate_limited", retryable: true });
    for (const message of ["card status not allow operate", "failed to generate card", "exchange rate unavailable"]) {
      expect(envelopeError({ code: 10005, message })).toMatchObject({ retryable: false });
      expect(envelopeError({ code: 10005, message })?.code).not.toBe("rate_limited");
    }
  });
});
