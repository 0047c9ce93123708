import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { stringifyWithMoney } from "@/lib/money";
import { toTransactionPage as cardepassPage } from "@/lib/providers/cardepass/transform-ledger";
import { envelopeSchema as cardepassEnvelope } from "@/lib/providers/cardepass/types";
import { toTransaction, toTransactionPage as cardopenapiPage } from "@/lib/providers/cardopenapi/transform";
import { toTransactionPage as nobepayPage } from "@/lib/providers/nobepay/transform-ledger";

const fixture = (provider: string, name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./${provider}/fixtures/${name}.json`, import.meta.url), "utf8")).body;

/** A Card OPEN-API trade (the inferred 卡交易列表 row; only card list is specified in cardopenapi.md). */
const trade = (id: string, extra: Record<string, unknown> = {}) => ({
  trade_id: id,
  card_id: "card-usd",
  card_no: "4485333916826937",
  trade_type: 1,
  trade_status: 2,
  amount: 12.5,
  currency: "USD",
  merchant_name: "Shop",
  trade_at: "2025-03-04 10:00:00",
  settle_at: "",
  ...extra,
});
const asked = { pageNo: 1, pageSize: 10 };

describe("one unreadable row does not stop a page (every provider)", () => {
  it("Card OPEN-API: an amount finer than its currency is left out and named; the rows around it are kept", () => {
    const page = cardopenapiPage(
      { total: 3, trade_list: [trade("t1"), trade("t2", { amount: 1.234 }), trade("t3", { amount: "7.1" })] },
      { timeZone: "UTC", currencyOfCard: () => "USD" },
      asked,
    );
    expect(page.items.map((t) => [t.providerTransactionId, t.amount.amount, t.amount.currency])).toEqual([
      ["t1", -1250n, "USD"],
      ["t3", -710n, "USD"],
    ]);
    expect(page.skipped).toEqual([{ providerTransactionId: "t2", reason: expect.stringMatching(/amount/) }]);
    // Paging counts what the list sent (3 of a total of 3), not what could be read.
    expect(page.nextCursor).toBeNull();
    expect(stringifyWithMoney(page)).not.toContain("4485333916826937");
  });

  it("Cardepass: the same for a v2 row", () => {
    const envelope = cardepassEnvelope.parse(fixture("cardepass", "v2-transactions"));
    const [row] = envelope.data as Record<string, unknown>[];
    const page = cardepassPage({ ...envelope, data: [{ ...row, transactionId: "bad", amount: -1.234 }, row] });
    expect(page.items.map((t) => t.providerTransactionId)).toEqual(["tx_123456789"]);
    expect(page.skipped).toEqual([{ providerTransactionId: "bad", reason: expect.stringMatching(/amount/) }]);
    expect(page.nextCursor).toBe("cursor_next_page");
  });

  it("NobePay: a fractional cent (its amounts are integer cents) is left out; the document's other rows are kept", () => {
    const body = fixture("nobepay", "transactions-v2") as { data: { data: Record<string, unknown>[] } };
    const rows = body.data.data;
    const bad = { ...rows[0], transactionId: "t_bad", preAuthAmount: -10.5 };
    const page = nobepayPage({ ...body.data, data: [bad, ...rows] }, "UTC", { pageNo: 4, pageSize: 5 });
    expect(page.items).toHaveLength(rows.length);
    expect(page.skipped).toEqual([{ providerTransactionId: "t_bad", reason: expect.stringMatching(/preAuthAmount/) }]);
  });
});

// cardopenapi.md specifies the card list only: the trade list (卡交易列表) is named in its contents without fields, and
// the card list carries no currency at all ("card_list.balance float 是 余额,单位:元"): a card's currency is its BIN's.
describe("a Card OPEN-API trade that states no currency", () => {
  const currencyOfCard = (cardId: string | null) => (cardId === "card-eur" ? "EUR" : null);

  it("is read in its card's currency, not in USD", () => {
    const page = cardopenapiPage(
      { total: 2, trade_list: [trade("t1", { card_id: "card-eur", currency: undefined }), trade("t2", { card_id: "card-eur", currency: "", trade_amount: 3, trade_currency: "" })] },
      { timeZone: "UTC", currencyOfCard },
      asked,
    );
    expect(page.skipped).toEqual([]);
    expect(page.items.map((t) => t.amount)).toEqual([
      { amount: -1250n, currency: "EUR" },
      { amount: -1250n, currency: "EUR" },
    ]);
    expect(page.items[1]!.originalAmount).toEqual({ amount: -300n, currency: "EUR" });
  });

  it("is left out, not stored as a guessed-currency sum, when its card's currency is not known either", () => {
    const page = cardopenapiPage(
      { total: 3, trade_list: [trade("t1", { card_id: "card-unknown", currency: null }), trade("t2", { card_id: "card-eur" }), trade("t3", { card_id: null, currency: null })] },
      { timeZone: "UTC", currencyOfCard },
      asked,
    );
    expect(page.items.map((t) => [t.providerTransactionId, t.amount.currency])).toEqual([["t2", "USD"]]);
    expect(page.skipped).toEqual([
      { providerTransactionId: "t1", reason: expect.stringContaining("trade t1 states no currency and its card's currency is not known") },
      { providerTransactionId: "t3", reason: expect.stringContaining("trade t3 states no currency and its card's currency is not known") },
    ]);
    expect(() => toTransaction(trade("t4", { currency: undefined }), { timeZone: "UTC", currency: null })).toThrow(/states no currency/);
  });
});
