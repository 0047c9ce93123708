import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseMoney, stringifyWithMoney } from "@/lib/money";
import { envelopeSchema } from "@/lib/providers/nobepay/types";
import {
  createBody,
  createOrder,
  envelopeError,
  syncOrder,
  toCard,
  toCardOrderPage,
  toCardPage,
  toCardSecrets,
  toCardStatus,
  toFundingBalances,
  toProducts,
  toTransactionPage,
  toWebhookEvent,
} from "@/lib/providers/nobepay/transform";

const fx = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), "utf8")).body;
const data = (name: string) => fx(name).data;
const usd = (cents: bigint) => ({ amount: cents, currency: "USD" });
const at = (ms: number) => new Date(ms);

describe("envelope", () => {
  it("code 200000 with success true is success, for every documented answer", () => {
    for (const name of ["token", "card-segments", "create", "tags", "card-list", "card-info", "transactions-v2", "deposit", "update", "withdraw", "cancel", "card-orders"]) {
      expect(envelopeError(envelopeSchema.parse(fx(name))), name).toBeNull();
    }
  });
  it("a failure envelope maps to the closed code set", () => {
    const err = (code: number, msg: string) => envelopeError({ success: false, code, msg, data: null });
    expect(err(401001, "token无效或已过期")).toMatchObject({ code: "auth", providerCode: "401001" });
    expect(err(400101, "balance not enough")?.code).toBe("insufficient_funds");
    expect(err(404001, "卡片不存在")?.code).toBe("not_found");
    expect(err(400001, "参数错误")?.code).toBe("invalid_request");
    expect(err(999, "???")?.code).toBe("unknown");
  });
});

describe("card segments", () => {
  it("→ products with cents and a null accountBalance", () => {
    expect(toProducts(data("card-segments"))).toEqual([
      {
        provider: "nobepay",
        productId: "v_5bc814",
        name: "sandbox test cardbin",
        description: "sandbox test cardbin",
        bin: "400000",
        models: ["prepaid"],
        currencies: ["USD"],
        minInitialDeposit: usd(200n),
        availableBalance: null,
      },
    ]);
    // The document's example segment has "accountBalance": null; it is still a funding source, reported as unknown.
    expect(toFundingBalances(data("card-segments"))).toEqual([
      { provider: "nobepay", accountId: "v_5bc814", label: "400000 sandbox test cardbin", currency: "USD", available: null, frozen: null, total: null },
    ]);
    const withBalance = [{ ...(data("card-segments") as object[])[0], accountBalance: { currency: "USD", amount: 123456 } }];
    expect(toFundingBalances(withBalance)).toEqual([
      { provider: "nobepay", accountId: "v_5bc814", label: "400000 sandbox test cardbin", currency: "USD", available: usd(123456n), frozen: null, total: null },
    ]);
  });
});

// nobepay.md, 获取可用卡段: "| └currency | string | 目前统一为USD |", "| └amount | integer | 账户余额，1000 代表 $10.00 |",
// "| └currency | string | 固定值 USD |", "| └amount | integer | 最低充值金额，1000 代表 $10.00 |"; 创建虚拟卡 注意事项: "1 代表 1
// 美分，即 1000 代表 $10.00，本系统中所有金额(例如balance, consume)都采用此规则". A segment stating another currency beside an
// amount cannot be read as the document defines it (it was stored as ¥1,000 for "JPY" 1000). Like an unread BIN's fees
// (Card OPEN-API), the figure is named as unread on its product and left unknown; the segments beside it are read whole.
describe("every card-segment amount is US cents: a segment stating another currency cannot be read", () => {
  const base = (data("card-segments") as Record<string, unknown>[])[0]!;
  const segment = (vid: string, cardBin: string, fields: Record<string, unknown>) => ({ ...base, vid, cardBin, desp: null, ...fields });
  const usdSegment = segment("v_usd", "400001", { accountBalance: { currency: "USD", amount: 123456 } });
  const jpyBalance = segment("v_jpy", "400002", { accountBalance: { currency: "JPY", amount: 1000 } });
  const kwdMinimum = segment("v_kwd", "400003", { newCardMinDepositAmount: { currency: "KWD", amount: 1000 }, accountBalance: { currency: "USD", amount: 5000 } });
  const unreadText = (what: string, bin: string, vid: string, field: string, currency: string) =>
    `The ${what} of NobePay's BIN ${bin} (${vid}) could not be read, so it is left unknown: NobePay sent an answer that could not be read (card segment ${vid}: ${field} is in ${currency}, but NobePay states every amount in US cents).`;

  it("products: the figure in another currency is unknown and named as unread; the other figures and segments are read", () => {
    const products = toProducts([usdSegment, jpyBalance, kwdMinimum]);
    expect(products.map((p) => [p.productId, p.minInitialDeposit, p.availableBalance, p.unread])).toEqual([
      ["v_usd", usd(200n), usd(123456n), undefined],
      ["v_jpy", usd(200n), null, [unreadText("account balance", "400002", "v_jpy", "accountBalance", "JPY")]],
      ["v_kwd", null, usd(5000n), [unreadText("minimum first deposit", "400003", "v_kwd", "newCardMinDepositAmount", "KWD")]],
    ]);
    // Still offered: its other figure is read, and NobePay takes every deposit in USD ("payCurrency ... 固定值 USD").
    expect(products.every((p) => p.notOffered === undefined && p.currencies.join() === "USD")).toBe(true);
  });

  it("an amount that is not whole cents leaves that segment's figure unread, not every segment", () => {
    const fractional = segment("v_frac", "400004", { accountBalance: { currency: "USD", amount: 12.5 } });
    const products = toProducts([usdSegment, fractional]);
    expect(products[0]).toMatchObject({ availableBalance: usd(123456n) });
    expect(products[1]?.availableBalance).toBeNull();
    expect(products[1]?.unread).toEqual([expect.stringMatching(/^The account balance of NobePay's BIN 400004 \(v_frac\) could not be read, so it is left unknown: /)]);
  });

  it("funding: a balance in another currency is not reported (the document's null), never stored in that currency's units", () => {
    expect(toFundingBalances([usdSegment, jpyBalance])).toEqual([
      { provider: "nobepay", accountId: "v_usd", label: "400001", currency: "USD", available: usd(123456n), frozen: null, total: null },
      { provider: "nobepay", accountId: "v_jpy", label: "400002", currency: "USD", available: null, frozen: null, total: null },
    ]);
  });

  it("USD in any letter case, or no currency stated (null or blank), stays US cents; a currency beside no amount misreads nothing", () => {
    const products = toProducts([
      segment("v_a", "400005", { accountBalance: { currency: "usd", amount: 1000 }, newCardMinDepositAmount: { currency: null, amount: 200 } }),
      segment("v_b", "400006", { accountBalance: { currency: " ", amount: 1000 }, newCardMinDepositAmount: { currency: "JPY", amount: null } }),
    ]);
    expect(products.map((p) => [p.minInitialDeposit, p.availableBalance, p.unread])).toEqual([
      [usd(200n), usd(1000n), undefined],
      [null, usd(1000n), undefined],
    ]);
  });
});

describe("cards", () => {
  it("card list: masked ***, cutomerId (sic) read", () => {
    const page = toCardPage(data("card-list"));
    expect(page.total).toBe(4);
    expect(page.nextCursor).toBeNull(); // pageNo 1 * pageSize 5 >= total 4
    expect(page.items).toEqual([
      {
        provider: "nobepay",
        providerCardId: "c_xxxxxxxxxx",
        maskedNumber: "400000******9360",
        last4: "9360",
        status: "active",
        providerStatus: "ACTIVE",
        model: "prepaid",
        currency: "USD",
        balance: usd(1000n),
        limits: null,
        totalFunded: usd(1000n),
        totalSpent: usd(0n),
        holderName: "Milton Schmitt",
        alias: null,
        productId: null,
        brand: null,
        expiryMonth: 2,
        expiryYear: 2025,
        tags: ["test"],
        customerRef: "user_id_123",
        holderId: "ch_xxxxxxxxxxx",
        issueOrderRef: null,
        createdAt: at(1646648710000),
        activatedAt: null,
      },
    ]);
  });

  it("card info: full number and CVC never reach the Card", () => {
    const card = toCard(data("card-info"));
    expect(card).toMatchObject({ providerCardId: "c_xxxxxxxxxx", maskedNumber: "400000******9360", customerRef: "user_id_123", status: "active" });
    const json = stringifyWithMoney(card);
    expect(json).not.toContain("40000099900XXXXX");
    expect(json).not.toMatch(/"123"/);
  });

  it("card info secrets: the document's number is itself masked, so reveal refuses", () => {
    expect(() => toCardSecrets(data("card-info"))).toThrow(/not released the card number/);
    const real = data("card-info") as { card: Record<string, unknown> };
    const secrets = toCardSecrets({ ...real, card: { ...real.card, number: "4000009990012345" } });
    expect(secrets).toEqual({ number: "4000009990012345", cvv: "123", expiryMonth: 2, expiryYear: 2025 });
  });

  it("asynchronous create states", () => {
    expect(["INIT", "INIT_CREATE_CARD_HOLDER", "INIT_CREATE_CARD", "INIT_ACTIVE_CARD"].map(toCardStatus)).toEqual(["pending", "pending", "pending", "pending"]);
    expect(toCardStatus("ACTIVE")).toBe("active");
    expect(toCardStatus("CREATE_CARD_FAILED_REFUND")).toBe("failed");
    expect(toCardStatus("FREEZE")).toBe("frozen");
    expect(toCardStatus("CANCELLING")).toBe("cancelling");
    expect(toCardStatus("CANCELED")).toBe("cancelled");
    expect(toCardStatus("DELETED")).toBe("cancelled");
    expect(toCardStatus("EXPIRED")).toBe("expired");
  });

  it("create answer → pending issue order; placeholders '-' are not a number", () => {
    const order = createOrder(data("create"), "L-1");
    expect(order).toEqual({
      provider: "nobepay",
      type: "issue",
      status: "pending",
      providerStatus: "INIT",
      providerOrderId: "c_xxxxxxxxx",
      customerOrderNo: "L-1",
      failureReason: null,
      cardIds: ["c_xxxxxxxxx"],
      amount: usd(1000n),
      fee: null,
      total: null,
      createdAt: null,
      completedAt: null,
    });
    const card = toCard(data("create"));
    expect(card).toMatchObject({ maskedNumber: null, last4: null, expiryMonth: null, expiryYear: null, customerRef: "user_id_123", holderName: "Milton Schmitt" });
  });
});

describe("requests and synchronous answers", () => {
  it("create body matches the documented example (address sent nested and top-level, cents)", () => {
    // nobepay.md 创建虚拟卡: "| customerId | 否 | string | 自定义客户id |", example "customerId": "user_id_123": the owner's id
    // in our organisation; the order id travels as a reserved tag so a lost answer can still find its card.
    const body = createBody({
      customerOrderNo: "order-9",
      ownerRef: "user_id_123",
      productId: "v_5bc814",
      model: "prepaid",
      currency: "USD",
      initialAmount: parseMoney("10", "USD"),
      holder: { firstName: "Milton", lastName: "Schmitt", address: { street: "1010 Pine St LOT 12-E", city: "Vienna", state: "GA", country: "US", zipCode: "31092" } },
      tags: ["test"],
    });
    const doc = fx("request-create") as Record<string, unknown> & { cardHolder: Record<string, unknown> };
    const { rentMonths: _omitted, ...documented } = doc;
    expect(body).toEqual({ ...documented, address: doc.cardHolder.address, tagNameList: ["test", "cardhub-order-order-9"] });
  });
  it("a card's order tag becomes issueOrderRef and is not one of its tags", () => {
    const raw = data("card-list") as { data: { card: Record<string, unknown>; tags: string[] }[] };
    const item = { ...raw.data[0]!, tags: ["test", "cardhub-order-order-9"] };
    expect(toCard(item)).toMatchObject({ tags: ["test"], issueOrderRef: "order-9", customerRef: "user_id_123" });
  });
  it("deposit / withdraw / cancel answer data:true", () => {
    expect(syncOrder("topup", data("deposit"), { cardId: "c", customerOrderNo: "L", amount: usd(1000n) })).toMatchObject({ status: "completed", amount: usd(1000n) });
    expect(syncOrder("withdraw", data("withdraw"), { cardId: "c", customerOrderNo: "L" }).status).toBe("completed");
    expect(syncOrder("cancel", data("cancel"), { cardId: "c", customerOrderNo: "L" }).status).toBe("pending");
    expect(syncOrder("topup", false, { cardId: "c", customerOrderNo: "L" }).status).toBe("failed");
  });
  it("the cancel request example is not valid JSON in the document", () => {
    expect(() => JSON.parse(fx("request-cancel") as unknown as string)).toThrow();
  });
});

describe("paging never trusts the answer's pageSize", () => {
  // nobepay.md card/list 返回参数: "| └pageSize | integer | record元素个数 |" — the number of items in this record.
  const answer = (count: number, total: number, pageSize: number) => ({
    data: Array.from({ length: count }, () => (data("card-list") as { data: unknown[] }).data[0]),
    pageSize,
    total,
    pageNo: 1,
  });
  it("a short last page has no next page, whatever pageSize and total claim", () => {
    // The answer says pageSize 2 (its own record count) and total 10; we asked for 50: 2 < 50, so this was the last page.
    expect(toCardPage(answer(2, 10, 2), "UTC", { pageNo: 1, pageSize: 50 }).nextCursor).toBeNull();
  });
  it("a full page has a next page while the total says items remain", () => {
    expect(toCardPage(answer(3, 7, 3), "UTC", { pageNo: 1, pageSize: 3 }).nextCursor).toBe("2");
    expect(toCardPage(answer(3, 6, 3), "UTC", { pageNo: 2, pageSize: 3 }).nextCursor).toBeNull();
  });
  it("the document's own example (pageSize 5, total 4, one card) is a single page", () => {
    expect(toCardPage(data("card-list"), "UTC", { pageNo: 1, pageSize: 10 }).nextCursor).toBeNull();
  });
});

describe("transactions", () => {
  it("v2 list, field by field", () => {
    const page = toTransactionPage(data("transactions-v2"), "UTC", { pageNo: 4, pageSize: 5 });
    expect(page.total).toBe(33);
    expect(page.nextCursor).toBe("5"); // 3 * 5 + 6 items seen < 33
    expect(page.items.map((t) => [t.status, t.kind, t.amount.amount, t.authAmount?.amount ?? null])).toEqual([
      ["declined", "purchase", -1000n, -1000n],
      ["pending", "purchase", -26n, -26n],
      ["expired", "purchase", -26n, -26n],
      ["completed", "purchase", -1009n, -1000n],
      ["reversed", "purchase", -1000n, -1000n],
      ["completed", "refund", 27n, null],
    ]);
    expect(page.items[0]).toEqual({
      provider: "nobepay",
      providerTransactionId: "t_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      providerCardId: "c_xxxxxxxxxxxxxxxxxxx",
      status: "declined",
      providerStatus: "DECLINED",
      kind: "purchase",
      providerType: null,
      amount: usd(-1000n),
      originalAmount: null,
      authAmount: usd(-1000n),
      merchantName: "FACEBK ADS             fb.me/ads     IRL",
      merchantCountry: null,
      description: "FACEBK ADS             fb.me/ads     IRL",
      authCode: null,
      failureReason: "balance not enough",
      authorizedAt: at(1655368726000),
      settledAt: null,
      occurredAt: at(1655368726000),
      providerUpdatedAt: null,
    });
    expect(page.items[3]).toMatchObject({ settledAt: at(1655399078000), occurredAt: at(1655399078000) });
    expect(stringifyWithMoney(page)).not.toContain("556735XXXXXXXXXX");
  });

  it("deprecated trade/list shape still parses", () => {
    const page = toTransactionPage(data("transactions-v1-deprecated"));
    expect(page.items.map((t) => [t.status, t.amount.amount, t.occurredAt?.getTime()])).toEqual([
      ["declined", -20000n, 1646306072727],
      ["pending", -100n, 1646392472727],
      ["completed", -10000n, 1646392472727],
      ["completed", 5000n, 1646478872727],
    ]);
  });

  it.each([
    ["webhook-pending", "pending", -1992n, null],
    ["webhook-expired", "expired", -1992n, null],
    ["webhook-reversed", "reversed", -1992n, null],
    ["webhook-complete", "completed", -1992n, 166662674000],
    ["webhook-refund", "completed", 1992n, 166772674000],
  ])("%s", (name, status, cents, settledMs) => {
    const event = toWebhookEvent(fx(name));
    expect(event).toMatchObject({ eventId: "ev_xxxxxxxxxxxxxxxxxxxxx", eventType: "TRANSACTION", subscriptionId: "wsb_xxxxxxxxxxxxxxxxxxx" });
    expect(event.transaction).toMatchObject({
      providerTransactionId: "t_xxxxxxxxxxxxx",
      providerCardId: "c_xxxxxxxxxxx",
      status,
      amount: usd(cents),
      authorizedAt: name === "webhook-refund" ? null : at(1652262674000),
      settledAt: settledMs === null ? null : at(settledMs),
    });
    expect(stringifyWithMoney(event)).not.toContain("556735XXXXXX0737");
  });

  it("card order history → account logs signed from the card's side", () => {
    const page = toCardOrderPage(data("card-orders"));
    expect(page.items.map((l) => [l.type, l.direction, l.amount.amount])).toEqual([
      ["CANCEL_CARD", "out", -1100n],
      ["WITHDRAW_CARD", "out", -900n],
      ["TOPUP_CARD", "in", 1500n],
      ["CREATE_CARD", "in", 1000n],
    ]);
    expect(page.items[0]).toMatchObject({ providerCardId: "c_xxxxxxxxxx", note: "Cancel Card，remain balance: $11.00", occurredAt: at(1646646383000) });
  });

  // nobepay.md, 单张卡的操作历史: an entry is "cardId | type | typeText | desp | amount | tradeAt", with no id, and
  // the example's times are whole seconds ("tradeAt": 1646646383000).
  it("card order history: entries of one card, type and second are told apart by amount, then by their order", () => {
    const entry = (amount: number) => ({ cardId: "c_1", type: "TOPUP_CARD", typeText: "充值", desp: "Top up card", amount, tradeAt: 1646646276000 });
    const page = toCardOrderPage({ data: [entry(1500), entry(900), entry(900)], pageNo: 1, pageSize: 3, total: 3 });
    expect(page.items.map((log) => log.providerLogId)).toEqual([
      "c_1:TOPUP_CARD:1646646276000:1500",
      "c_1:TOPUP_CARD:1646646276000:900",
      "c_1:TOPUP_CARD:1646646276000:900#2",
    ]);
  });

  // nobepay.md, 单张卡的操作历史: "| └amount | string | 创建卡/充值/取款/删卡余额 金额, 1000 表示 $10.00 |": every entry
  // is an amount, and the document never says one may be missing. One without it is unreadable, not a $0.00 movement.
  it("card order history: an entry with no amount is an answer that cannot be read, not a $0.00 line", () => {
    const entry = { cardId: "c_1", type: "TOPUP_CARD", typeText: "充值", desp: "Top up card, amount: $15.00", tradeAt: 1646646276000 };
    for (const unreadable of [entry, { ...entry, amount: null }, { ...entry, amount: "" }]) {
      expect(() => toCardOrderPage({ data: [unreadable], pageNo: 1, pageSize: 1, total: 1 })).toThrow(
        expect.objectContaining({ code: "unknown", message: "NobePay sent an answer that could not be read (card order TOPUP_CARD of card c_1 at 2022-03-07T09:44:36.000Z: amount is missing)." }),
      );
    }
  });
});

// nobepay.md, 创建虚拟卡 注意事项: "deposit 为虚拟卡充值(初始存款)金额，1 代表 1 美分，即 1000 代表 $10.00，本系统中所有金额(例如balance,
// consume)都采用此规则"; 交易列表 v2: "| └preAuthAmount | integer | 预授权金额, 1000 代表 10.00 美元 |" and "| └transactionAmount |
// integer | 交易结算金额, 1000 代表 10.00 美元 |". Every amount is US cents, so a row that states another currency cannot be
// read as the document defines it (review money47 M2: "preAuthAmount": -1000 with "preAuthCurrency": "JPY" was stored as
// ¥1,000). It is unreadable: a list row is left out and reported, a webhook refused like any malformed one.
describe("every NobePay amount is US cents: a row stating another currency cannot be read", () => {
  const v2 = data("transactions-v2") as { data: Record<string, unknown>[] } & Record<string, unknown>;
  const pending = v2.data[1]!;
  const complete = v2.data[3]!;
  const deprecated = (data("transactions-v1-deprecated") as { data: Record<string, unknown>[] }).data[0]!;
  const unreadable = (field: string, currency: string) =>
    expect.objectContaining({ code: "unknown", message: `NobePay sent an answer that could not be read (transaction t_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx: ${field} is in ${currency}, but NobePay states every amount in US cents).` });

  it("a list row in JPY is left out and reported; the USD rows beside it are kept", () => {
    const jpy = { ...pending, transactionId: "t_jpy", preAuthAmount: -1000, preAuthCurrency: "JPY" };
    const page = toTransactionPage({ ...v2, data: [pending, jpy, complete] }, "UTC", { pageNo: 1, pageSize: 5 });
    expect(page.items.map((t) => t.amount)).toEqual([usd(-26n), usd(-1009n)]);
    expect(page.skipped).toEqual([{ providerTransactionId: "t_jpy", reason: "NobePay sent an answer that could not be read (transaction t_jpy: preAuthAmount is in JPY, but NobePay states every amount in US cents)." }]);
  });

  it("whichever amount names it: the hold's, the settlement's, the deprecated list's; a 3-decimal currency too", () => {
    const skipped = (row: Record<string, unknown>) => toTransactionPage({ ...v2, data: [row] }, "UTC", { pageNo: 1, pageSize: 5 }).skipped;
    const reason = (text: RegExp) => [{ providerTransactionId: expect.any(String), reason: expect.stringMatching(text) }];
    expect(skipped({ ...pending, preAuthCurrency: "JPY" })).toEqual(reason(/preAuthAmount is in JPY/));
    expect(skipped({ ...complete, transactionCurrency: "KWD" })).toEqual(reason(/transactionAmount is in KWD/));
    expect(skipped({ ...deprecated, currency: "EUR" })).toEqual(reason(/transaction t_xxxxxxxxxx: amount is in EUR/));
  });

  it("a webhook in another currency is unreadable, as any malformed webhook is (refused, never stored as a transaction)", () => {
    const event = fx("webhook-complete") as { data: Record<string, unknown> } & Record<string, unknown>;
    const row = { ...event.data, transactionId: "t_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" };
    expect(() => toWebhookEvent({ ...event, data: { ...row, transactionCurrency: "JPY" } })).toThrow(unreadable("transactionAmount", "JPY"));
    // The same kind of error as a webhook whose amount is not whole cents.
    expect(() => toWebhookEvent({ ...event, data: { ...row, transactionAmount: -19.92 } })).toThrow(expect.objectContaining({ code: "unknown" }));
  });

  it("USD in any letter case, or no currency stated (null or blank), stays US cents; a currency beside no amount misreads nothing", () => {
    const rows = [
      { ...complete, preAuthCurrency: "usd", transactionCurrency: null },
      { ...complete, preAuthCurrency: " ", transactionCurrency: "" },
      { ...pending, transactionAmount: null, transactionCurrency: "JPY" },
    ];
    const page = toTransactionPage({ ...v2, data: rows }, "UTC", { pageNo: 1, pageSize: 5 });
    expect(page.skipped).toEqual([]);
    expect(page.items.map((t) => [t.amount, t.authAmount])).toEqual([
      [usd(-1009n), usd(-1000n)],
      [usd(-1009n), usd(-1000n)],
      [usd(-26n), usd(-26n)],
    ]);
  });
});
