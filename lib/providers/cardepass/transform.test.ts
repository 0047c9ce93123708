import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseMoney, stringifyWithMoney } from "@/lib/money";
import { ProviderError } from "@/lib/providers/errors";
import { envelopeSchema } from "@/lib/providers/cardepass/types";
import {
  applyBody,
  envelopeError,
  toAccountLogPage,
  toCard,
  toCardSecrets,
  toFundingBalances,
  toOrder,
  toProducts,
  toTransactionPage,
} from "@/lib/providers/cardepass/transform";

const fx = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), "utf8")).body;
const data = (name: string) => fx(name).data;
const usd = (amount: string) => parseMoney(amount, "USD");
const at = (iso: string) => new Date(iso);

describe("products", () => {
  it("v1 list", () => {
    const products = toProducts(data("v1-products"));
    expect(products).toEqual([
      {
        provider: "cardepass",
        productId: "DGG0C4JD",
        name: "通用卡",
        description: "通用卡-测试使用",
        bin: null,
        models: ["sharebalance", "standard"],
        currencies: ["USD"],
        minInitialDeposit: null,
        availableBalance: null,
      },
      expect.objectContaining({ productId: "0BN03HNK", name: "通用测试2卡", models: ["standard"], currencies: ["USD"] }),
    ]);
  });
  it("v2 list and the v2 scenario list without envelope fields", () => {
    expect(toProducts(data("v2-products"))[0]).toMatchObject({ productId: "DGG0C4JD", models: ["sharebalance", "standard"] });
    expect(toProducts(data("v2-products-scenario"))[0]).toMatchObject({ productId: "A5GGCYNQ", name: "通用卡-共享测试产品" });
  });
});

describe("card detail", () => {
  it("v1 Standard card: masks the PAN and drops the CVV", () => {
    const card = toCard(data("v1-card-detail"));
    expect(card).toEqual({
      provider: "cardepass",
      providerCardId: "6805b2caa94783c5566f9397",
      maskedNumber: "436797******2419",
      last4: "2419",
      status: "active",
      providerStatus: "Active",
      model: "standard",
      currency: "USD",
      balance: usd("3"),
      limits: null,
      totalFunded: null,
      totalSpent: null,
      holderName: null,
      alias: "测试卡01",
      productId: "0BN03HNK",
      brand: "Mastercard",
      expiryMonth: 4,
      expiryYear: 2028,
      tags: [],
      customerRef: null,
      holderId: null,
      issueOrderRef: null,
      createdAt: at("2025-04-21T02:51:54.812Z"),
      activatedAt: null,
    });
    const json = stringifyWithMoney(card);
    expect(json).not.toContain("4367970137672419");
    expect(json).not.toContain("962");
  });

  it("v2 ShareBalance card: cardStatus, balance, limits, createdOn", () => {
    const card = toCard(data("v2-card-detail"));
    expect(card).toMatchObject({
      providerCardId: "68085ad8b85b8cf3d3f3087e",
      alias: "测试卡片",
      model: "sharebalance",
      currency: "USD",
      status: "active",
      providerStatus: "Active",
      balance: usd("100.50"),
      limits: { perTransaction: usd("500"), lifetime: usd("1000"), used: null },
      maskedNumber: null,
      createdAt: at("2025-01-15T10:30:00Z"),
    });
  });

  it("maps every documented card status", () => {
    const base = data("v1-card-detail") as Record<string, unknown>;
    const status = (s: string, key = "status") => toCard({ ...base, status: undefined, [key]: s }).status;
    expect(status("Blocked")).toBe("frozen");
    expect(status("Cancel")).toBe("cancelled");
    expect(status("Expired")).toBe("expired");
    expect(status("Cancelled", "cardStatus")).toBe("cancelled");
    expect(status("Whatever")).toBe("unknown");
  });

  it("secrets come only from the v1 detail", () => {
    expect(toCardSecrets(data("v1-card-detail"))).toEqual({ number: "4367970137672419", cvv: "962", expiryMonth: 4, expiryYear: 2028 });
    expect(() => toCardSecrets(data("v2-card-detail"))).toThrow(ProviderError);
  });
});

describe("orders", () => {
  it("v1 ShareBalance apply (pending) with a +08:00 modifiedOn", () => {
    expect(toOrder(data("v1-order-sharebalance-apply-pending"))).toEqual({
      provider: "cardepass",
      type: "issue",
      status: "pending",
      providerStatus: "Pending",
      providerOrderId: "C1000-20250423-2RJI",
      customerOrderNo: "T20250423001",
      failureReason: null,
      cardIds: [],
      amount: usd("0"),
      fee: usd("0.1"),
      total: usd("0.1"),
      createdAt: at("2025-04-23T03:13:17.668Z"),
      completedAt: null,
    });
  });

  it("v1 ShareBalance order query (completed) lists the new card", () => {
    expect(toOrder(data("v1-order-sharebalance-query-completed"))).toMatchObject({
      type: "issue",
      status: "completed",
      cardIds: ["68085ad8b85b8cf3d3f3087e"],
      completedAt: at("2025-04-23T03:13:28.544Z"),
    });
  });

  it("v1 credit limit, unblock, cancel", () => {
    expect(toOrder(data("v1-order-sharebalance-credit-limit-pending"))).toMatchObject({
      type: "limits",
      status: "pending",
      providerOrderId: "680866cbb85b8cf3d3f30882",
      customerOrderNo: "T20250423002",
      cardIds: ["68085ad8b85b8cf3d3f3087e"],
      amount: null,
      createdAt: at("2025-04-23T04:04:27.229Z"),
    });
    expect(toOrder(data("v1-order-sharebalance-unblock-pending"))).toMatchObject({
      type: "unfreeze",
      providerOrderId: "C1000-20250423-CCDN",
      customerOrderNo: "T20250423004",
      cardIds: ["68085ad8b85b8cf3d3f3087e"],
    });
    expect(toOrder(data("v1-order-sharebalance-cancel-pending"))).toMatchObject({
      type: "cancel",
      providerOrderId: "C1000-20250423-D2LA",
      customerOrderNo: null,
      fee: null,
    });
  });

  // cardepass-v1.md, orders/standard/cancel: "»» settleStatus | true | none | 结算状态 | 包括：Pending 处理中 ，WaitTransfer 等待划拨，Completed 已完成".
  it("a Standard cancel stays pending until its settleStatus is Completed (the balance has reached the funding account)", () => {
    const pending = data("v1-order-standard-cancel-pending") as Record<string, unknown>;
    const cancelled = { ...pending, status: "Completed", fee: 0.1, settleAmount: 3.8, completedOn: "2025-04-22T09:01:00Z" };
    expect(toOrder({ ...cancelled, settleStatus: "Pending" })).toMatchObject({ type: "cancel", status: "pending", completedAt: null });
    expect(toOrder({ ...cancelled, settleStatus: "WaitTransfer" })).toMatchObject({ type: "cancel", status: "pending", providerStatus: "Completed", completedAt: null });
    expect(toOrder({ ...cancelled, settleStatus: "Completed" })).toMatchObject({ type: "cancel", status: "completed", amount: usd("3.8"), fee: usd("0.1"), completedAt: at("2025-04-22T09:01:00Z") });
    expect(toOrder({ ...cancelled, status: "Failure", settleStatus: "Pending" }).status).toBe("failed");
  });

  // cardepass-v1.md, orders/sharebalance/cancel gives the field no values: "| »» settleStatus | string | true | 结算状态 |
  // none |", and its only example reads "fixedValue": 0, … "settleStatus": "Pending". Only the Standard cancel defines
  // them ("包括：Pending 处理中 ，WaitTransfer 等待划拨，Completed 已完成"): the transfer of the card's balance back. A
  // ShareBalance card has no balance of its own to transfer, so its cancel is done when its order status says so.
  // cardepass-v2.md documents no cancel answer and no settleStatus: without the field the order status alone decides.
  it("a ShareBalance cancel completes on its order status whatever its settleStatus; only WaitTransfer holds it", () => {
    const pending = data("v1-order-sharebalance-cancel-pending") as Record<string, unknown>;
    const completed: Record<string, unknown> = { ...pending, status: "Completed", completedOn: "2025-04-23T08:53:00Z" };
    expect(toOrder(completed)).toMatchObject({ type: "cancel", status: "completed", completedAt: at("2025-04-23T08:53:00Z") });
    expect(toOrder({ ...completed, settleStatus: "Completed" }).status).toBe("completed");
    expect(toOrder({ ...completed, settleStatus: "WaitTransfer" }).status).toBe("pending");
    expect(toOrder({ ...pending, status: "Pending" }).status).toBe("pending");
    // The model comes from the answer's cardInfo, else from the caller (the endpoint the order was asked at).
    const { cardInfo: _cardInfo, ...withoutCard } = completed;
    expect(toOrder(withoutCard, { model: "sharebalance" }).status).toBe("completed");
    expect(toOrder(withoutCard, { model: "standard" }).status).toBe("pending");
    const { settleStatus: _settleStatus, ...withoutField } = pending;
    expect(toOrder({ ...withoutField, status: "Completed" }).status).toBe("completed");
  });

  it("v1 Standard apply, query, top-up, block, cancel, withdraw", () => {
    expect(toOrder(data("v1-order-standard-apply-pending"))).toMatchObject({
      type: "issue",
      status: "pending",
      amount: usd("3"),
      fee: usd("0.2"),
      total: usd("3.2"),
      customerOrderNo: "T2025042101",
    });
    expect(toOrder(data("v1-order-standard-query-completed"))).toMatchObject({
      status: "completed",
      cardIds: ["6805b2caa94783c5566f9397"],
      completedAt: at("2025-04-21T02:51:54.826Z"),
    });
    expect(toOrder(data("v1-order-standard-topup-pending"))).toMatchObject({
      type: "topup",
      amount: usd("2"),
      fee: usd("0.1"),
      total: usd("2.1"),
      cardIds: ["6805b2caa94783c5566f9397"],
    });
    expect(toOrder(data("v1-order-standard-block-pending"))).toMatchObject({ type: "freeze", customerOrderNo: "T20250421003" });
    expect(toOrder(data("v1-order-standard-cancel-pending"))).toMatchObject({ type: "cancel", customerOrderNo: "T20250422001" });
    // The withdraw answer names no currency and cardId null: currency comes from the caller.
    const withdraw = toOrder(data("v1-order-standard-withdraw-pending"), { currency: "USD" });
    expect(withdraw).toMatchObject({
      type: "withdraw",
      status: "pending",
      amount: usd("1"),
      fee: usd("0.1"),
      total: usd("1.1"),
      cardIds: [],
      completedAt: null,
    });
    expect(toOrder(data("v1-order-standard-withdraw-pending")).amount).toBeNull();
  });

  // cardepass-v1.md orders/standard/withdraw answers "withdrawAmount": 1, "withdrawFee": 0, "totalAmount": 1.1 and
  // defines "»» totalAmount | string | true | none | 总金额 | 转出金额+转出费用" (amount withdrawn + withdrawal fee); the
  // card ledger line of the same order ("cardOrderNo": "C1000-20250421-SGOK") shows "feeType": "CardWithdrawFee",
  // "amount": 0.1. The fee is the total less the amount, whatever withdrawFee says.
  it("a withdrawal's fee is totalAmount − withdrawAmount, as the document defines it, even where withdrawFee says 0", () => {
    const answer = data("v1-order-standard-withdraw-pending") as Record<string, unknown>;
    const ledger = toAccountLogPage(data("v1-card-account-logs"), { offset: 0, limit: 20 }).items.find((l) => l.providerOrderId === "C1000-20250421-SGOK");
    expect(ledger?.fee).toEqual(usd("0.1"));
    expect(toOrder(answer, { currency: "USD" }).fee).toEqual(ledger?.fee);
    // A withdrawFee that agrees, or a completed lookup of the same order, reads the same.
    expect(toOrder({ ...answer, withdrawFee: 0.1, status: "Completed" }, { currency: "USD" })).toMatchObject({ status: "completed", amount: usd("1"), fee: usd("0.1"), total: usd("1.1") });
    expect(toOrder({ ...answer, withdrawAmount: "5", withdrawFee: "0", totalAmount: "5.1" }, { currency: "USD" }).fee).toEqual(usd("0.1"));
    // Without a total the stated withdrawFee is all there is.
    const { totalAmount: _total, ...withoutTotal } = answer;
    expect(toOrder({ ...withoutTotal, withdrawFee: 0.1 }, { currency: "USD" })).toMatchObject({ fee: usd("0.1"), total: null });
    // A total below the amount cannot be amount + fee: the answer is unreadable rather than a negative fee.
    expect(() => toOrder({ ...answer, totalAmount: 0.9 }, { currency: "USD" })).toThrow(ProviderError);
  });

  // cardepass-v1.md states an order's fee currency only per fee item ("»»»» currency | string | none | 费用币种 |");
  // totalFee ("»» totalFee | number | true | 总费用 |") and totalPayAmount ("总充值金额+总费用") carry none. The card
  // ledger keeps each fee in its own stated currency (toAccountLog: totalFee.currency, feeItems[].currency), so the
  // order reads it in the same one. Review money47 M1: a JPY card's top-up whose fee items are charged in USD.
  describe("a fee whose items name another currency than the card's (JPY card, USD fee)", () => {
    const jpy = (amount: string) => parseMoney(amount, "JPY");
    const topUp = data("v1-order-standard-topup-pending") as Record<string, unknown> & { orderLines: Record<string, unknown>[] };
    const onJpyCard = (totalFee: number, feeItems: Record<string, unknown>[], totalPayAmount?: number) => ({
      ...topUp,
      productInfo: { ...(topUp.productInfo as object), cardCurrency: "JPY" },
      totalTopUpAmount: 2000,
      totalFee,
      totalPayAmount,
      orderLines: [{ ...topUp.orderLines[0], topUpAmount: 2000, feeItems }],
    });

    it("a whole-unit fee stays 1.00 USD, not ¥1", () => {
      const order = toOrder(onJpyCard(1, [{ feeType: "TopUpFee", amount: 1, currency: "USD" }], 2001), { type: "topup", currency: "JPY" });
      expect(order).toMatchObject({ amount: jpy("2000"), fee: usd("1") });
    });

    it("a fractional fee (the document's 0.1) is read as 0.10 USD instead of making the answer unreadable", () => {
      const order = toOrder(onJpyCard(0.1, [{ feeType: "TopUpFee", amount: 0.1, currency: "USD" }], 2000.1), { type: "topup", currency: "JPY" });
      expect(order).toMatchObject({ amount: jpy("2000"), fee: usd("0.1") });
      // totalPayAmount adds a JPY amount to a USD fee: no one currency holds it, so the order states no total.
      expect(order.total).toBeNull();
    });

    it("fee items in the card's own currency, or naming none, keep the fee and total in it", () => {
      expect(toOrder(onJpyCard(100, [{ feeType: "TopUpFee", amount: 100, currency: "jpy" }], 2100), { currency: "JPY" })).toMatchObject({ fee: jpy("100"), total: jpy("2100") });
      expect(toOrder(onJpyCard(100, [{ feeType: "TopUpFee", amount: 100 }], 2100), { currency: "JPY" })).toMatchObject({ fee: jpy("100"), total: jpy("2100") });
      expect(toOrder(onJpyCard(100, [], 2100), { currency: "JPY" })).toMatchObject({ fee: jpy("100"), total: jpy("2100") });
    });

    it("fee items that disagree with each other leave the fee unknown rather than read in the card's currency", () => {
      const items = [
        { feeType: "OpenCardFee", amount: 0.1, currency: "USD" },
        { feeType: "TopUpFee", amount: 1, currency: "JPY" },
      ];
      expect(toOrder(onJpyCard(1.1, items, 2001.1), { currency: "JPY" })).toMatchObject({ amount: jpy("2000"), fee: null, total: null });
    });

    // A withdrawal's fee is totalAmount − withdrawAmount, both in the card's currency (the test above). Fee items that
    // name another currency make totalAmount a sum of two currencies: the difference is no fee in either, so the
    // stated withdrawFee is read in the items' currency instead and the order states no total.
    it("a withdrawal: its fee in the items' currency (withdrawFee), not the JPY difference; its amount still in JPY", () => {
      const withdraw = data("v1-order-standard-withdraw-pending") as Record<string, unknown>;
      const answer = { ...withdraw, withdrawAmount: 1000, withdrawFee: 0.1, totalAmount: 1000.1, orderLines: [{ feeItems: [{ feeType: "CardWithdrawFee", amount: 0.1, currency: "USD" }] }] };
      expect(toOrder(answer, { currency: "JPY" })).toMatchObject({ type: "withdraw", amount: jpy("1000"), fee: usd("0.1"), total: null });
      const whole = { ...answer, withdrawFee: 1, totalAmount: 1001, orderLines: [{ feeItems: [{ feeType: "CardWithdrawFee", amount: 1, currency: "USD" }] }] };
      expect(toOrder(whole, { currency: "JPY" })).toMatchObject({ amount: jpy("1000"), fee: usd("1"), total: null });
      // Items in the card's currency keep the document's rule: the fee is the difference, whatever withdrawFee says.
      const same = { ...answer, withdrawFee: 0, totalAmount: 1001, orderLines: [{ feeItems: [{ feeType: "CardWithdrawFee", amount: 1, currency: "JPY" }] }] };
      expect(toOrder(same, { currency: "JPY" })).toMatchObject({ amount: jpy("1000"), fee: jpy("1"), total: jpy("1001") });
    });
  });

  it("v2 apply and the scenario orders, including Failed", () => {
    expect(toOrder(data("v2-order-sharebalance-apply-pending"))).toMatchObject({ type: "issue", status: "pending", customerOrderNo: "T20250423001" });
    expect(toOrder(data("v2-order-apply-scenario"), { type: "issue" })).toMatchObject({
      status: "pending",
      providerOrderId: "C1000-20250421-ABC1",
      customerOrderNo: "MYORDER_001",
    });
    expect(toOrder(data("v2-order-query-completed-scenario"), { type: "issue" })).toMatchObject({
      status: "completed",
      cardIds: ["680861234567890abcdef"],
    });
    expect(toOrder({ status: "Failed", orderType: "CardTopUp", failureReason: "card blocked" }).status).toBe("failed");
    expect(toOrder({ status: "Failure", orderType: "ApplyCard" })).toMatchObject({ status: "failed", type: "issue" });
  });
});

describe("transactions", () => {
  it("v2 flat list with pagination", () => {
    const envelope = envelopeSchema.parse(fx("v2-transactions"));
    const page = toTransactionPage(envelope);
    expect(page.nextCursor).toBe("cursor_next_page");
    expect(page.items).toEqual([
      {
        provider: "cardepass",
        providerTransactionId: "tx_123456789",
        providerCardId: "68085ad8b85b8cf3d3f3087e",
        status: "completed",
        providerStatus: "Success",
        kind: "purchase",
        providerType: "Purchase",
        amount: usd("-25.50"),
        originalAmount: null,
        authAmount: null,
        merchantName: "Amazon.com",
        merchantCountry: null,
        merchantCity: null,
        description: "在线购物",
        authCode: "AUTH123",
        failureReason: null,
        // cardepass-v2.md: "| transactionTime | string | 交易时间 | 交易发生时间戳 |": when it happened, not when it settled;
        // v2 names no settlement time, even for a Success.
        authorizedAt: at("2025-01-20T14:30:00Z"),
        settledAt: null,
        occurredAt: at("2025-01-20T14:30:00Z"),
      },
    ]);
  });

  it("v2 Pending has no settlement time: transactionTime is when it happened (README: not a settlement time)", () => {
    const envelope = envelopeSchema.parse({
      data: [{ transactionId: "p1", cardId: "c1", amount: -12.5, currency: "USD", transactionType: "Purchase", status: "Pending", transactionTime: "2025-01-20T14:30:00Z" }],
      hasError: false,
    });
    expect(toTransactionPage(envelope).items[0]).toMatchObject({ status: "pending", authorizedAt: at("2025-01-20T14:30:00Z"), settledAt: null, occurredAt: at("2025-01-20T14:30:00Z") });
  });

  it("v1 literal example is a placeholder template: its rows are rejected with the field named (left out, not the page)", () => {
    const envelope = envelopeSchema.parse(fx("v1-transactions-template"));
    const page = toTransactionPage(envelope);
    expect(page.items).toEqual([]);
    const rejected = { providerTransactionId: "<string>", reason: expect.stringMatching(/settledAmount\.amount: "<string>" is not an ISO 4217 currency code/) };
    expect(page.skipped).toEqual([rejected, rejected]);
  });

  it("v1 nested page shape with concrete values", () => {
    const template = fx("v1-transactions-template") as { data: { data: Record<string, unknown>[] } };
    const row = (i: number, extra: Record<string, unknown>) => ({
      ...template.data.data[i],
      id: `t${i}`,
      authTime: "2025-04-21T10:00:00+08:00",
      settleTime: "",
      transAmount: { currency: "EUR", amount: 9 },
      authAmount: { currency: "USD", amount: 10.01 },
      settledAmount: null,
      ...extra,
    });
    const envelope = envelopeSchema.parse({
      data: { pageCursor: "c2", pageSize: 2, data: [row(0, { status: "AuthSuccess", fundsDirection: "Expenditure", transactionType: "Consume" }), row(1, {})] },
      hasError: false,
    });
    const page = toTransactionPage(envelope);
    expect(page.nextCursor).toBe("c2");
    expect(page.items[0]).toMatchObject({
      providerTransactionId: "t0",
      status: "pending",
      kind: "purchase",
      amount: usd("-10.01"),
      originalAmount: { amount: -900n, currency: "EUR" },
      authorizedAt: at("2025-04-21T02:00:00Z"),
      settledAt: null,
      merchantName: "<string>",
    });
    expect(page.items[1]).toMatchObject({ kind: "other", providerType: "DisputeRelease", amount: usd("10.01") });
  });

  // cardepass-v1.md, transactions: "»» pageCursor | string | none | | none" and "»» pageSize | string | none | | none";
  // nothing says a page shorter than PageSize is the last, so only an empty or absent cursor ends the list.
  it("v1 follows any non-empty pageCursor, even after an empty page; an empty, absent or repeated cursor ends the list", () => {
    const row = { ...(fx("v1-transactions-template") as { data: { data: Record<string, unknown>[] } }).data.data[0], id: "t0", authTime: "2025-04-21T10:00:00+08:00", settleTime: "", transAmount: null, authAmount: { currency: "USD", amount: 1 }, settledAmount: null };
    const page = (pageCursor: unknown, data: unknown[] = [row]) => envelopeSchema.parse({ data: { pageCursor, pageSize: "100", data }, hasError: false });
    expect(toTransactionPage(page("c2")).nextCursor).toBe("c2");
    expect(toTransactionPage(page("c2", [])).nextCursor).toBe("c2");
    expect(toTransactionPage(page("")).nextCursor).toBeNull();
    expect(toTransactionPage(page(null)).nextCursor).toBeNull();
    expect(toTransactionPage(page("c2"), { requestedCursor: "c2" }).nextCursor).toBeNull();
  });
});

describe("funding and account logs", () => {
  it("v1 accounts: one balance per currency", () => {
    expect(toFundingBalances(data("v1-accounts"))).toEqual([
      { provider: "cardepass", accountId: "USD", label: null, currency: "USD", available: usd("9999.3"), frozen: null, total: null },
      { provider: "cardepass", accountId: "HKD", label: null, currency: "HKD", available: parseMoney("0", "HKD"), frozen: null, total: null },
    ]);
  });
  it("v2 accounts: one object with available and frozen", () => {
    expect(toFundingBalances(data("v2-accounts"))).toEqual([
      { provider: "cardepass", accountId: "USD", label: null, currency: "USD", available: usd("950"), frozen: usd("50.5"), total: usd("1000.5") },
    ]);
  });
  it("v1 card account logs, field by field: amounts are signed for the card's balance by type, a withdrawal negative", () => {
    // cardepass-v1.md, accounts/cardAccountLogs example, the withdrawal of the orders/standard/withdraw example
    // ("orderNo": "C1000-20250421-SGOK", "withdrawAmount": 1, "totalAmount": 1.1):
    //   "cardOrderNo": "C1000-20250421-SGOK", "cardAccountLogType": "BalanceRefund", ... "fundsDirection": "Income",
    //   "transAmount": { "currency": "USD", "amount": 1 }, ... "totalAmount": { "currency": "USD", "amount": 1.1 }
    // and the cancel: "cardAccountLogType": "CardCancel", "fundsDirection": "Income", "transAmount": { ... "amount": -3.9 }.
    // Neither the amount's sign nor fundsDirection (the funding account's side) says how the card moved: the type does.
    const page = toAccountLogPage(data("v1-card-account-logs"), { offset: 0, limit: 20 });
    expect(page.total).toBe(4);
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((l) => [l.type, l.providerOrderId, l.direction, l.amount.amount, l.fee?.amount, l.total?.amount])).toEqual([
      ["CardCancel", "C1000-20250422-5VMO", "in", -390n, 10n, -380n],
      ["BalanceRefund", "C1000-20250421-SGOK", "in", -100n, 10n, -110n],
      ["CardTopUp", "C1000-20250421-YRX3", "out", 200n, 10n, 210n],
      ["ApplyCard", "C1000-20250421-E971", "out", 300n, 20n, 320n],
    ]);
    // The card's history closes: issued with 3, topped up 2, 1 withdrawn with its 0.1 fee (total 1.1), 3.9 left at the cancel.
    const [cancel, withdrawal, topUp, issue] = page.items;
    expect(issue!.amount.amount + topUp!.amount.amount + withdrawal!.total!.amount + cancel!.amount.amount).toBe(0n);
    // A card-ledger type the document does not show keeps the provider's sign (nothing says how it moves the card).
    const raw = data("v1-card-account-logs") as { data: Record<string, unknown>[] };
    const unknown = toAccountLogPage({ ...raw, data: [{ ...raw.data[1], cardAccountLogType: "SomethingNew" }] }, { offset: 0, limit: 20 });
    expect(unknown.items[0]!.amount).toEqual(usd("1"));
    expect(page.items[0]).toMatchObject({
      providerLogId: "68075ab282145abca90c06a0",
      providerCardId: "6805b2caa94783c5566f9397",
      providerOrderId: "C1000-20250422-5VMO",
      status: "Completed",
      note: null,
      occurredAt: at("2025-04-22T09:00:34.117Z"),
      completedAt: at("2025-04-23T01:00:01.211Z"),
    });
  });
  it("v1 card account logs keep every fee item, not only their total", () => {
    // cardepass-v1.md, ApplyCard line: "feeItems": [ { "feeType": "OpenCardFee", "amount": 0.1, ... }, { "feeType": "TopUpFee", "amount": 0.1, ... } ]
    const page = toAccountLogPage(data("v1-card-account-logs"), { offset: 0, limit: 20 });
    expect(page.items.map((l) => l.feeItems)).toEqual([
      [{ type: "CancelCardFee", amount: usd("0.1") }],
      [{ type: "CardWithdrawFee", amount: usd("0.1") }],
      [{ type: "TopUpFee", amount: usd("0.1") }],
      [
        { type: "OpenCardFee", amount: usd("0.1") },
        { type: "TopUpFee", amount: usd("0.1") },
      ],
    ]);
    // totalFee is the sum of the items, as the document totals them ("totalFee": { "amount": 0.2 }).
    expect(page.items[3]!.fee).toEqual(usd("0.2"));
  });
  it("v1 funding account logs keep the signed amount and the running available and blocked balances", () => {
    // cardepass-v1.md, accounts/accountLogs field table: "transAmount | string | 交易金额 | 分正负号",
    // "availableBalance | string | 调整后可用余额", "blockedBalance | string | 调整后冻结余额". The document gives no example.
    const page = toAccountLogPage(
      {
        pageNumber: "1",
        pageSize: "20",
        totalRecords: "1",
        totalPages: "1",
        data: [
          {
            id: "L-1",
            accountTransType: "AuthBlock",
            fundsDirection: "Expenditure",
            currency: "USD",
            transAmount: "-12.34",
            availableBalance: "987.66",
            blockedBalance: "12.34",
            orderNo: null,
            note: "",
            cardInfo: { cardId: "c-1", cardCurrency: "USD" },
            transTime: "2025-04-22T09:00:34.117Z",
          },
        ],
      },
      { offset: 0, limit: 20 },
    );
    expect(page.items[0]).toMatchObject({
      providerLogId: "L-1",
      providerCardId: "c-1",
      type: "AuthBlock",
      direction: "out",
      amount: usd("-12.34"),
      availableAfter: usd("987.66"),
      blockedAfter: usd("12.34"),
      feeItems: [],
    });
    // Card account logs state no running balance.
    expect(toAccountLogPage(data("v1-card-account-logs"), { offset: 0, limit: 20 }).items[0]).toMatchObject({ availableAfter: null, blockedAfter: null });
  });
});

describe("errors and requests", () => {
  it("HTTP 200 with hasError is a business error", () => {
    const error = envelopeError(200, envelopeSchema.parse(fx("v1-error-insufficient-balance")));
    expect(error).toMatchObject({
      code: "insufficient_funds",
      providerCode: "applyCard_availableBalance__not_enough",
      responseId: "8545f945-d7ac-45c2-85c1-28604f41e88f",
      retryable: false,
    });
    expect(envelopeError(200, envelopeSchema.parse(fx("v1-products")))).toBeNull();
  });
  it("401 {} is an auth error; documented codes map to the closed set", () => {
    expect(envelopeError(401, envelopeSchema.parse(fx("v1-401")))?.code).toBe("auth");
    const code = (errorCode: string, status = 200) => envelopeError(status, { hasError: true, errorCode })?.code;
    expect(code("DUPLICATE_ORDER")).toBe("duplicate");
    expect(code("CARD_NOT_FOUND")).toBe("not_found");
    expect(code("ORDER_NOT_FOUND")).toBe("not_found");
    expect(code("INSUFFICIENT_BALANCE")).toBe("insufficient_funds");
    expect(code("CARD_STATUS_INVALID")).toBe("invalid_request");
    expect(code("invalid_client", 400)).toBe("auth");
    expect(code("SOMETHING_NEW")).toBe("unknown");
  });
  it("apply bodies match the documented request examples", () => {
    const share = fx("v1-request-sharebalance-apply");
    expect(
      applyBody("v1", { customerOrderNo: "T20250423001", productId: "A5GGCYNQ", model: "sharebalance", currency: "USD", alias: "共享卡测试01", perTransactionLimit: usd("10"), lifetimeLimit: null }),
    ).toEqual(share);
    const std = fx("v1-request-standard-apply");
    expect(applyBody("v1", { customerOrderNo: "T2025042101", productId: "0BN03HNK", model: "standard", currency: "USD", alias: "测试卡01", initialAmount: usd("3") })).toEqual(std);
  });
  it("a v2 Standard apply carries no amount field, and refuses a first load", () => {
    // cardepass-v2.md 标准模式开卡申请 example: '{ "productCode": "STD001", "cardCurrency": "USD", "maxAuthAmount": "100" }'.
    const input = { customerOrderNo: "MYORDER_002", productId: "STD001", model: "standard", currency: "USD", alias: "我的标准卡" } as const;
    expect(applyBody("v2", { ...input, perTransactionLimit: usd("100") })).toEqual({ productCode: "STD001", cardCurrency: "USD", cardAlias: "我的标准卡", customerOrderNo: "MYORDER_002", maxAuthAmount: "100" });
    expect(() => applyBody("v2", { ...input, initialAmount: usd("100") })).toThrow("This provider's v2 API issues the card empty; top it up once it is active.");
  });
});
