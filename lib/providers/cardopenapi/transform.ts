/** Card OPEN-API wire → normalized. Pure. Float major units → exact minor units via their text. */
import { ProviderError, type ProviderErrorCode } from "@/lib/providers/errors";
import { major, majorOrNull, malformed, type Amountish, maskNumber, last4Of, parseExpiry, parseWire, rateToPpmOrNull, readTransactionRows, textOrNull, timeOrNull } from "@/lib/providers/normalize";
import type { Card, CardSecrets, CardStatus, FundingBalance, Order, OrderStatus, OrderType, Page, Product, PublishedFees, Transaction, TransactionPage, TransactionStatus } from "@/lib/providers/types";
import {
  CARD_STATUS,
  ORDER_STATUS,
  ORDER_TYPE,
  TRADE_STATUS,
  TRADE_TYPE,
  binFeeSchema,
  binPageSchema,
  cardActionSchema,
  cardPageSchema,
  orderSchema,
  publicCardSchema,
  secretCardSchema,
  tradePageSchema,
  tradeSchema,
  walletListSchema,
  type CardopenapiEnvelope,
} from "@/lib/providers/cardopenapi/types";

const P = "cardopenapi" as const;
export type Ctx = { timeZone: string; currency: string };
/**
 * MONEY: a card's currency as its BIN states it, or why none is known. cardopenapi.md names none for a card
 * ("card_list.balance float 是 余额,单位:元"), and an amount read in a guessed currency is another sum (a ¥5,000 balance
 * read as USD is 500000 minor units).
 */
export type CardCurrency = { currency: string } | { currency: null; unknown: string };

// ---- errors (only code 0 "success" is documented) --------------------------------------

export function classifyError(message: string): ProviderErrorCode {
  const m = message.toLowerCase();
  if (/\bkey\b|customer_id|app_id|auth|签名|授权/.test(m)) return "auth";
  if (/insufficient|not enough|余额不足/.test(m)) return "insufficient_funds";
  if (/not found|not exist|不存在/.test(m)) return "not_found";
  if (/duplicate|重复/.test(m)) return "duplicate";
  // Whole words only: "operate", "generate" or "exchange rate" in a refusal is not a request limit, and a limit is
  // treated as an unknown outcome to ask about again.
  if (/too many|频繁|\brate[ -]?limit/.test(m)) return "rate_limited";
  if (/param|invalid|status|参数|状态/.test(m)) return "invalid_request";
  return "unknown";
}

export function envelopeError(envelope: CardopenapiEnvelope): ProviderError | null {
  if (Number(envelope.code) === 0) return null;
  const message = envelope.message ?? "";
  const code = classifyError(message);
  return new ProviderError(code, { provider: P, providerCode: String(envelope.code), providerMessage: message || undefined, retryable: code === "rate_limited" });
}

// ---- cards -----------------------------------------------------------------------------

const STATUS: Record<number, CardStatus> = {
  [CARD_STATUS.inactive]: "inactive",
  [CARD_STATUS.active]: "active",
  [CARD_STATUS.frozen]: "frozen",
  [CARD_STATUS.cancelling]: "cancelling",
  [CARD_STATUS.cancelled]: "cancelled",
  // Reported lost: blocked but not closed. Replaced: the old card is gone.
  [CARD_STATUS.lost]: "frozen",
  [CARD_STATUS.replaced]: "cancelled",
};

export const toCardStatus = (status: number | string): CardStatus => STATUS[Number(status)] ?? "unknown";

/**
 * cardopenapi.md card_list: "card_list.end_at datetime 是 完成销卡时间", empty while the card has not closed. Only the
 * close is read: close_at (发起销卡时间) is when a cancellation was asked for, and a card 销卡中 is still open. A value
 * that is not a time is absent, as an unreadable expiry is: the card's status and balance are still read, and Cardhub
 * dates the close itself.
 */
function closeTime(value: unknown, timeZone: string): Date | null {
  if (typeof value !== "string") return null;
  try {
    return timeOrNull(P, value, timeZone, "end_at");
  } catch {
    return null;
  }
}

/**
 * Security boundary: card_no, cvv and pin are taken out of the raw object here, before anything
 * else reads it; only the mask derived from card_no survives.
 */
export function toCard(raw: unknown, ctx: { timeZone: string } & CardCurrency): Card {
  if (typeof raw !== "object" || raw === null) throw malformed(P, "card is not an object");
  const { card_no: cardNo, cvv: _cvv, pin: _pin, ...rest } = raw as Record<string, unknown>;
  const c = parseWire(P, publicCardSchema, rest, "card");
  const masked = maskNumber(typeof cardNo === "string" ? cardNo : null);
  const expiry = parseExpiry(c.expiry);
  const amount = (value: Amountish, field: string) => (ctx.currency === null ? null : majorOrNull(P, value, ctx.currency, field));
  return {
    provider: P,
    providerCardId: c.card_id,
    maskedNumber: masked,
    last4: last4Of(masked),
    status: toCardStatus(c.status),
    providerStatus: String(c.status),
    model: "prepaid",
    currency: ctx.currency ?? "",
    balance: amount(c.balance, "balance"),
    limits: null,
    // `limit` is documented as 累计充值: the cumulative top-up, not a spending limit.
    totalFunded: amount(c.limit, "limit"),
    totalSpent: null,
    holderName: null,
    alias: textOrNull(c.mark),
    productId: textOrNull(c.bin_id),
    brand: null,
    expiryMonth: expiry?.month ?? null,
    expiryYear: expiry?.year ?? null,
    tags: [],
    customerRef: null,
    // cardopenapi.md card_list: "holder_id string 是 持卡人 id" (the cardholder) and "use_at datetime 是 激活时间"
    // (activation, not creation): the list names no creation time.
    holderId: textOrNull(c.holder_id),
    issueOrderRef: null,
    createdAt: null,
    activatedAt: timeOrNull(P, c.use_at, ctx.timeZone, "use_at"),
    closedAt: closeTime(c.end_at, ctx.timeZone),
    ...(ctx.currency === null ? { currencyUnknown: `${ctx.unknown} for card ${c.card_id}` } : {}),
  };
}

export function toCardSecrets(raw: unknown): CardSecrets {
  const s = parseWire(P, secretCardSchema, raw, "card");
  const number = s.card_no.replace(/\s/g, "");
  const expiry = parseExpiry(s.expiry);
  if (!/^\d{12,19}$/.test(number) || !/^\d{3,4}$/.test(s.cvv) || !expiry) {
    throw new ProviderError("unsupported", { provider: P, message: "Card OPEN-API did not return a usable card number, CVV and expiry for this card." });
  }
  return { number, cvv: s.cvv, expiryMonth: expiry.month, expiryYear: expiry.year };
}

/** What we asked the list endpoint for: the page number and the page size we sent. */
export type PageAsked = { pageNo: number; pageSize: number };

/**
 * cardopenapi.md's table says "page_no int 是 当前页码" and "page_size int 是 当前每页记录数", yet its example asks
 * `"page_no": 1, "page_size": 10` and is answered `"page_no": 10, "page_size": 1`. So paging never trusts the answer's
 * page_no/page_size: a next page exists only after a full page of what we asked for, and only while the total says
 * items remain. A page_size the provider capped never reaches here as a short page: the adapter reads such a list at the
 * provider's own size (ProviderPageSizes). A page still short of what the total promises (an empty page, a total
 * counting rows the list no longer holds) ends the list, as nothing further can be asked of it.
 */
function pageMeta(p: { total?: unknown }, asked: PageAsked, count: number) {
  const total = p.total === undefined || p.total === null ? null : Number(p.total);
  const knownTotal = total !== null && Number.isFinite(total) ? total : null;
  const seen = (asked.pageNo - 1) * asked.pageSize + count;
  const more = count > 0 && count >= asked.pageSize && (knownTotal === null || seen < knownTotal);
  return { total: knownTotal, nextCursor: more ? String(asked.pageNo + 1) : null };
}

/** `currencyOf` maps a bin_id to its currency, or why none is known (the card list itself names none). */
export function toCardPage(data: unknown, ctx: { timeZone: string; currencyOf: (binId: string | null) => CardCurrency }, asked: PageAsked): Page<Card> {
  const page = parseWire(P, cardPageSchema, data, "card list");
  const list = page.card_list ?? [];
  const items = list.map((raw) => {
    const binId = typeof raw === "object" && raw !== null ? textOrNull((raw as { bin_id?: unknown }).bin_id) : null;
    return toCard(raw, { timeZone: ctx.timeZone, ...ctx.currencyOf(binId) });
  });
  return { items, ...pageMeta(page, asked, list.length) };
}

/**
 * A freeze/unfreeze/activate/cancel read from the card's state {card_id, status} (getOrder's lookup): done in the
 * action's new status (a cancel pending while 销卡中), else not done.
 */
export function cardActionOrder(type: OrderType, data: unknown, customerOrderNo: string): Order {
  const a = parseWire(P, cardActionSchema, data, "card action");
  const status = toCardStatus(a.status);
  const expected: Record<string, CardStatus> = { freeze: "frozen", unfreeze: "active", cancel: "cancelled", activate: "active" };
  const orderStatus: OrderStatus = status === expected[type] ? "completed" : type === "cancel" && status === "cancelling" ? "pending" : "failed";
  return {
    provider: P,
    type,
    status: orderStatus,
    providerStatus: String(a.status),
    providerOrderId: null,
    customerOrderNo,
    failureReason: orderStatus === "failed" ? `Card OPEN-API still reports the card as ${status} (status ${String(a.status)}).` : null,
    cardIds: [a.card_id],
    amount: null,
    fee: null,
    total: null,
    createdAt: null,
    completedAt: null,
    fromCardState: true,
  };
}

/**
 * The provider's own status codes each action puts a card in, from cardopenapi.md's card_list.status ("1:未激活 2:已激活
 * 3:已冻结 4:销卡中 5:已销卡 6:已挂失 7:已补卡"), a cancellation passing through 销卡中. Not the mapped CardStatus: a card
 * reported lost (6) shows as frozen and a replaced one (7) as cancelled, yet neither is what a freeze or a cancellation
 * does.
 */
const ACTION_STATUS_CODES: Record<"freeze" | "unfreeze" | "cancel" | "activate", readonly number[]> = {
  freeze: [CARD_STATUS.frozen],
  unfreeze: [CARD_STATUS.active],
  activate: [CARD_STATUS.active],
  cancel: [CARD_STATUS.cancelling, CARD_STATUS.cancelled],
};

/**
 * A refused repeat of freeze/unfreeze/activate/cancel read against the card's state {card_id, status}: the first
 * sending's outcome (cardActionOrder) when the card is in the action's own status code, else null (the refusal stands).
 */
export function refusedRepeatOrder(type: keyof typeof ACTION_STATUS_CODES, data: unknown, customerOrderNo: string): Order | null {
  const a = parseWire(P, cardActionSchema, data, "card action");
  return ACTION_STATUS_CODES[type].includes(Number(a.status)) ? cardActionOrder(type, data, customerOrderNo) : null;
}

/**
 * The provider's success answer to freeze/unfreeze/activate/cancel, {card_id, status}. cardopenapi.md names these
 * endpoints without specifying them, so nothing says they take effect at once: a card not in the action's new status
 * yet is pending, and the card-state lookup that follows (cardActionOrder) settles it.
 */
export function cardActionAnswer(type: OrderType, data: unknown, customerOrderNo: string): Order {
  const order = cardActionOrder(type, data, customerOrderNo);
  return order.status === "failed" ? { ...order, status: "pending", failureReason: null } : order;
}

export function toOrder(data: unknown, ctx: Ctx): Order {
  const o = parseWire(P, orderSchema, data, "order");
  const type: OrderType = Number(o.type) === ORDER_TYPE.openCard ? "issue" : Number(o.type) === ORDER_TYPE.recharge ? "topup" : (() => {
    throw malformed(P, `order: unknown type ${String(o.type)}`);
  })();
  const s = Number(o.status);
  const status: OrderStatus = s === ORDER_STATUS.success ? "completed" : s === ORDER_STATUS.failed ? "failed" : "pending";
  return {
    provider: P,
    type,
    status,
    providerStatus: String(o.status),
    providerOrderId: String(o.order_id),
    customerOrderNo: textOrNull(o.order_no),
    failureReason: textOrNull(o.fail_reason),
    cardIds: o.card_id ? [o.card_id] : [],
    amount: majorOrNull(P, o.amount, ctx.currency, "amount"),
    fee: majorOrNull(P, o.fee, ctx.currency, "fee"),
    total: majorOrNull(P, o.total_amount, ctx.currency, "total_amount"),
    createdAt: timeOrNull(P, o.create_at, ctx.timeZone, "create_at"),
    completedAt: status === "pending" ? null : timeOrNull(P, o.finish_at, ctx.timeZone, "finish_at"),
    timesReadIn: ctx.timeZone,
  };
}

// ---- products, funding, transactions ---------------------------------------------------

/**
 * 卡Bin费用 (inferred: the contents name the endpoint without specifying it): open_fee is charged once when a card
 * is opened, recharge_fee_rate on every amount loaded, the first load included.
 */
export function toBinFees(data: unknown, binCurrency: string): PublishedFees | undefined {
  const b = parseWire(P, binFeeSchema, data, "bin fee");
  const currency = (textOrNull(b.currency) ?? binCurrency).toUpperCase();
  const openFee = majorOrNull(P, b.open_fee, currency, "open_fee");
  const ratePpm = rateToPpmOrNull(P, b.recharge_fee_rate, "recharge_fee_rate");
  if (openFee === null && ratePpm === null) return undefined;
  const zero = { amount: 0n, currency };
  return {
    issue: { fixed: openFee ?? zero, ratePpm: ratePpm ?? 0 },
    ...(ratePpm !== null ? { topup: { fixed: zero, ratePpm } } : {}),
  };
}

/** Each BIN's currency as the BIN list states it, or null where it states none (see CardCurrency). */
export function toBinCurrencies(data: unknown): Map<string, string | null> {
  const page = parseWire(P, binPageSchema, data, "bin list");
  return new Map((page.bin_list ?? []).map((b) => [b.bin_id, textOrNull(b.currency)?.toUpperCase() ?? null]));
}

/** A card's currency from its BIN's entry in the BIN list (toBinCurrencies), or why none is stated. */
export function cardCurrencyOf(binCurrencies: ReadonlyMap<string, string | null>, binId: string | null): CardCurrency {
  if (binId === null) return { currency: null, unknown: "Card OPEN-API names no BIN, so no currency is stated" };
  const currency = binCurrencies.get(binId);
  if (currency) return { currency };
  return { currency: null, unknown: binCurrencies.has(binId) ? `Card OPEN-API's BIN ${binId} states no currency` : `BIN ${binId} is not on Card OPEN-API's BIN list, so no currency is stated` };
}

/**
 * The BIN list as products. A BIN that states no currency is not offered (see CardCurrency): its minimum load and fees
 * would be read in a guessed one. cardopenapi.md names a "Bin Status" table (line 13) without its values, so each BIN's
 * status is shown as the provider's code, saying so, rather than given a meaning or used to leave BINs out.
 */
export function toProducts(data: unknown): Product[] {
  const page = parseWire(P, binPageSchema, data, "bin list");
  return (page.bin_list ?? []).map((b) => {
    const currency = textOrNull(b.currency)?.toUpperCase() ?? null;
    const status = textOrNull(b.status);
    return {
      provider: P,
      productId: b.bin_id,
      name: [textOrNull(b.card_brand), textOrNull(b.bin)].filter(Boolean).join(" ") || b.bin_id,
      description: status === null ? null : `BIN status code ${status} at Card OPEN-API (its codes are not documented)`,
      bin: textOrNull(b.bin),
      models: ["prepaid"],
      currencies: currency ? [currency] : [],
      minInitialDeposit: currency ? majorOrNull(P, b.min_recharge, currency, "min_recharge") : null,
      availableBalance: null,
      ...(currency ? {} : { notOffered: `Card OPEN-API's BIN ${b.bin_id} states no currency, so it is not offered (an amount in a guessed currency would be another sum)` }),
    };
  });
}

export function toFundingBalances(data: unknown): FundingBalance[] {
  const list = parseWire(P, walletListSchema, data, "wallet list").wallet_list ?? [];
  return list.map((w) => {
    const currency = w.currency.toUpperCase();
    const available = major(P, w.balance, currency, "balance");
    const frozen = majorOrNull(P, w.frozen_balance, currency, "frozen_balance");
    return {
      provider: P,
      accountId: String(w.wallet_id),
      label: null,
      currency,
      available,
      frozen,
      total: frozen ? { amount: available.amount + frozen.amount, currency } : null,
    };
  });
}

const TRADE: Record<number, TransactionStatus> = {
  [TRADE_STATUS.processing]: "pending",
  [TRADE_STATUS.success]: "completed",
  [TRADE_STATUS.failed]: "declined",
  [TRADE_STATUS.reversed]: "reversed",
  [TRADE_STATUS.expired]: "expired",
};

/**
 * `currency` is the currency of the trade's card (its BIN's), or null when that is not known. A trade that states
 * no currency is in its card's; with neither, it is refused rather than read in a guessed currency.
 */
export function toTransaction(raw: unknown, ctx: { timeZone: string; currency: string | null }): Transaction {
  if (typeof raw !== "object" || raw === null) throw malformed(P, "trade is not an object");
  const { card_no: _cardNo, cvv: _cvv, pin: _pin, ...rest } = raw as Record<string, unknown>;
  const t = parseWire(P, tradeSchema, rest, "trade");
  // MONEY: cardopenapi.md names "Card Trade Type" and "Card Trade Result" without their values, so TRADE_TYPE and
  // TRADE_STATUS are inferred. A trade of another type (a chargeback credit, a fee) read as a purchase would be a credit
  // counted as spend, an unknown result read as pending a hold nothing closes: such a row is left unread, with its reason.
  const typeText = textOrNull(t.trade_type);
  if (typeText === null) throw malformed(P, `trade ${String(t.trade_id)} states no trade_type`);
  const type = Number(typeText);
  if (type !== TRADE_TYPE.consume && type !== TRADE_TYPE.refund) throw malformed(P, `trade ${String(t.trade_id)}: trade_type ${typeText} is not a Card Trade Type Cardhub knows`);
  const status = TRADE[Number(t.trade_status)];
  if (!status) throw malformed(P, `trade ${String(t.trade_id)}: trade_status ${String(t.trade_status)} is not a Card Trade Result Cardhub knows`);
  const refund = type === TRADE_TYPE.refund;
  const sign = (m: ReturnType<typeof major> | null) => {
    if (!m) return null;
    const abs = m.amount < 0n ? -m.amount : m.amount;
    return { amount: refund ? abs : -abs, currency: m.currency };
  };
  const currency = textOrNull(t.currency) ?? ctx.currency;
  if (!currency) throw malformed(P, `trade ${String(t.trade_id)} states no currency and its card's currency is not known`);
  const amount = sign(major(P, t.amount, currency.toUpperCase(), "amount"))!;
  const original = sign(majorOrNull(P, t.trade_amount, (textOrNull(t.trade_currency) ?? amount.currency).toUpperCase(), "trade_amount"));
  const authorizedAt = timeOrNull(P, t.trade_at, ctx.timeZone, "trade_at");
  const settledAt = timeOrNull(P, t.settle_at, ctx.timeZone, "settle_at");
  return {
    provider: P,
    providerTransactionId: String(t.trade_id),
    providerCardId: textOrNull(t.card_id),
    status,
    providerStatus: String(t.trade_status),
    kind: refund ? "refund" : "purchase",
    providerType: t.trade_type === undefined || t.trade_type === null ? null : String(t.trade_type),
    amount,
    originalAmount: original,
    authAmount: null,
    merchantName: textOrNull(t.merchant_name),
    merchantCountry: textOrNull(t.merchant_country),
    description: null,
    authCode: textOrNull(t.auth_code),
    failureReason: textOrNull(t.fail_reason),
    authorizedAt,
    settledAt,
    occurredAt: settledAt ?? authorizedAt,
  };
}

/** The card_id of each trade on a list that states no currency: the cards whose currency the page needs. */
export function cardsOfTradesWithoutCurrency(data: unknown): string[] {
  const list = parseWire(P, tradePageSchema, data, "trade list").trade_list ?? [];
  const ids = list.flatMap((raw) => {
    if (typeof raw !== "object" || raw === null) return [];
    const { currency, card_id: cardId } = raw as { currency?: unknown; card_id?: unknown };
    return textOrNull(currency) === null && textOrNull(cardId) !== null ? [textOrNull(cardId)!] : [];
  });
  return [...new Set(ids)];
}

/**
 * `currencyOfCard` gives a card's currency, or null when it is not known (see toTransaction). A row that cannot be read
 * is left out and listed in `skipped`; paging counts every row the list sent.
 */
export function toTransactionPage(
  data: unknown,
  ctx: { timeZone: string; currencyOfCard: (cardId: string | null) => string | null },
  asked: PageAsked,
): TransactionPage {
  const page = parseWire(P, tradePageSchema, data, "trade list");
  const list = page.trade_list ?? [];
  const read = (raw: unknown) => {
    const cardId = typeof raw === "object" && raw !== null ? textOrNull((raw as { card_id?: unknown }).card_id) : null;
    return toTransaction(raw, { timeZone: ctx.timeZone, currency: ctx.currencyOfCard(cardId) });
  };
  const { items, skipped } = readTransactionRows(list, read, (raw) => (raw as { trade_id?: unknown }).trade_id);
  return { items, skipped, ...pageMeta(page, asked, list.length) };
}
