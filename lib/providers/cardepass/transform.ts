/** Cardepass wire → normalized. Pure: no I/O, no clock. */
import { formatAmountPlain, subtractMoney, type Money } from "@/lib/money";
import { ProviderError, codeForHttpStatus, type ProviderErrorCode } from "@/lib/providers/errors";
import {
  last4Of,
  majorOrNull,
  malformed,
  maskNumber,
  parseExpiry,
  parseWire,
  textOrNull,
  timeOrNull,
  type Amountish,
} from "@/lib/providers/normalize";
import type {
  Card,
  CardLimits,
  CardModel,
  CardSecrets,
  CardStatus,
  IssueCardInput,
  Order,
  OrderStatus,
  OrderType,
  Product,
} from "@/lib/providers/types";
import {
  cardDetailSchema,
  orderSchema,
  productListSchema,
  type CardepassCardDetail,
  type CardepassEnvelope,
  type CardepassOrder,
} from "@/lib/providers/cardepass/types";
import { NO_FIRST_LOAD_ON_V2 } from "@/lib/providers/cardepass/first-load";

export * from "@/lib/providers/cardepass/transform-ledger";

const P = "cardepass" as const;

export function toModel(wire: string | null | undefined): CardModel | null {
  const v = (wire ?? "").toLowerCase();
  return v === "sharebalance" ? "sharebalance" : v === "standard" ? "standard" : null;
}

export function toWireModel(model: CardModel): "sharebalance" | "standard" {
  return model === "sharebalance" ? "sharebalance" : "standard";
}

// ---- errors ----------------------------------------------------------------------------

const ERROR_CODES: [RegExp, ProviderErrorCode][] = [
  [/^invalid_(client|grant|scope|token)$|unauthori[sz]ed|forbidden/i, "auth"],
  [/not_?enough|insufficient/i, "insufficient_funds"],
  [/not_?found|notexist|not_exist/i, "not_found"],
  [/duplicate/i, "duplicate"],
  [/status_invalid|limit_exceeded|not_available|invalid|required|format/i, "invalid_request"],
];

export function classifyError(errorCode: string | null | undefined, httpStatus: number): ProviderErrorCode {
  for (const [pattern, code] of ERROR_CODES) if (errorCode && pattern.test(errorCode)) return code;
  if (httpStatus >= 400) return codeForHttpStatus(httpStatus);
  return "unknown";
}

/** HTTP status + envelope → ProviderError, or null when the call succeeded. */
export function envelopeError(status: number, envelope: CardepassEnvelope | undefined): ProviderError | null {
  const flagged = envelope?.hasError === true || envelope?.hasError === "true";
  if (status < 400 && !flagged) return null;
  const providerCode = envelope?.errorCode != null ? String(envelope.errorCode) : undefined;
  return new ProviderError(classifyError(providerCode, status), {
    provider: P,
    providerCode,
    providerMessage: envelope?.errorMessage ?? undefined,
    responseId: envelope?.responseId ?? undefined,
    httpStatus: status,
    retryable: false,
  });
}

// ---- products and cards ----------------------------------------------------------------

export function toProducts(data: unknown): Product[] {
  return parseWire(P, productListSchema, data, "product list").map((p) => {
    const currencies = Array.isArray(p.cardCurrency) ? p.cardCurrency : p.cardCurrency ? [p.cardCurrency] : [];
    return {
      provider: P,
      productId: p.productCode,
      name: textOrNull(p.productName) ?? p.productCode,
      description: textOrNull(p.description),
      bin: null,
      models: (p.cardModels ?? []).map(toModel).filter((m): m is CardModel => m !== null),
      currencies: currencies.map((c) => c.toUpperCase()),
      minInitialDeposit: null,
      availableBalance: null,
    };
  });
}

export function toCardStatus(wire: string | null | undefined): CardStatus {
  switch ((wire ?? "").toLowerCase()) {
    case "active":
      return "active";
    case "blocked":
      return "frozen";
    case "cancel":
    case "cancelled":
    case "canceled":
      return "cancelled";
    case "expired":
      return "expired";
    default:
      return "unknown";
  }
}

/**
 * The card's limits. ShareBalance: per transaction, lifetime and use. A v2 Standard card may carry a per-transaction
 * limit ("| maxAuthAmount | number | 单笔限额 | 单次交易最大金额 |", no model restriction; its apply examples set it), and
 * nothing else: no lifetime cap, no use. 0 or none there is no limit. cardepass-v1.md restricts it to ShareBalance
 * ("| »» maxAuthAmount | string | true | none | 仅在共享模式下可用 |"), so a v1 Standard card has no limits.
 */
function cardLimits(d: CardepassCardDetail, model: CardModel, currency: string, version: "v1" | "v2"): CardLimits | null {
  if (model === "sharebalance") {
    return {
      perTransaction: majorOrNull(P, d.maxAuthAmount, currency, "maxAuthAmount"),
      lifetime: majorOrNull(P, d.maxCreditAmount, currency, "maxCreditAmount"),
      used: majorOrNull(P, d.usedCreditAmount, currency, "usedCreditAmount"),
    };
  }
  if (version !== "v2") return null;
  const perTransaction = majorOrNull(P, d.maxAuthAmount, currency, "maxAuthAmount");
  return perTransaction && perTransaction.amount > 0n ? { perTransaction, lifetime: null, used: null } : null;
}

/** version: the document the account follows (a Standard card's limit is read on v2 only: cardLimits). */
export function toCard(data: unknown, timeZone = "UTC", version: "v1" | "v2" = "v1"): Card {
  const d = parseWire(P, cardDetailSchema, data, "card detail");
  const currency = (d.cardCurrency ?? "").toUpperCase();
  if (!currency) throw malformed(P, "card detail: cardCurrency is missing");
  const model = toModel(d.cardModel) ?? "standard";
  const rawStatus = d.status ?? d.cardStatus ?? "";
  // Security boundary: the v1 detail carries the full PAN and CVV; only the mask leaves here.
  const masked = maskNumber(d.cardNumber) ?? maskNumber(d.maskCardNumber);
  const expiry = parseExpiry(d.expirationMMYY);
  const limits = cardLimits(d, model, currency, version);
  return {
    provider: P,
    providerCardId: d.cardId,
    maskedNumber: masked,
    last4: last4Of(masked),
    status: toCardStatus(rawStatus),
    providerStatus: rawStatus,
    model,
    currency,
    balance: majorOrNull(P, d.balanceAmount ?? d.balance, currency, "balance"),
    limits,
    totalFunded: null,
    totalSpent: null,
    holderName: null,
    alias: textOrNull(d.alias ?? d.cardAlias),
    productId: textOrNull(d.productCode),
    brand: textOrNull(d.cardOrganization),
    expiryMonth: expiry?.month ?? null,
    expiryYear: expiry?.year ?? null,
    tags: [],
    customerRef: null,
    holderId: null,
    issueOrderRef: null,
    createdAt: timeOrNull(P, d.applyTime ?? d.createdOn, timeZone, "applyTime"),
    activatedAt: null,
  };
}

export function toCardSecrets(data: unknown): CardSecrets {
  const d = parseWire(P, cardDetailSchema, data, "card detail");
  const number = (d.cardNumber ?? "").replace(/\s/g, "");
  const expiry = parseExpiry(d.expirationMMYY);
  if (!/^\d{12,19}$/.test(number) || !d.cvv || !expiry) {
    throw new ProviderError("unsupported", {
      provider: P,
      message: "Cardepass did not return the card number, CVV and expiry for this card, so it cannot be revealed.",
    });
  }
  return { number, cvv: d.cvv, expiryMonth: expiry.month, expiryYear: expiry.year };
}

// ---- orders ----------------------------------------------------------------------------

const ORDER_TYPES: Record<string, OrderType> = {
  applycard: "issue",
  creditlimit: "limits",
  cardblock: "freeze",
  cardunblock: "unfreeze",
  cardcancel: "cancel",
  cardtopup: "topup",
  cardwithdraw: "withdraw",
};

const WIRE_ORDER_TYPES: Record<OrderType, string> = {
  issue: "ApplyCard",
  limits: "CreditLimit",
  freeze: "CardBlock",
  unfreeze: "CardUnBlock",
  cancel: "CardCancel",
  topup: "CardTopUp",
  withdraw: "CardWithdraw",
  // No activation order exists at Cardepass; the name is never sent (activate is refused before any call).
  activate: "CardActivate",
};

export const toWireOrderType = (type: OrderType): string => WIRE_ORDER_TYPES[type];

export function toOrderStatus(wire: string): OrderStatus {
  const v = wire.toLowerCase();
  if (v === "completed" || v === "success") return "completed";
  if (v === "failure" || v === "failed" || v === "fail") return "failed";
  // Pending and anything unrecognised stay pending, so reconciliation keeps asking.
  return "pending";
}

/**
 * The card's currency, in which the order's amount is read: the answer's, else the caller's (the card's), and only when
 * neither is known the fee items'. A fee may be charged in another currency than the card's (feeCurrency), so a fee item
 * never names the card's currency ahead of the caller's (a withdraw answer carries no card: a USD fee there made a JPY
 * card's withdrawAmount dollars).
 */
function orderCurrency(o: CardepassOrder, known?: string): string | undefined {
  const fee = o.orderLines?.[0]?.feeItems?.[0]?.currency;
  const c = o.productInfo?.cardCurrency ?? o.cardInfo?.cardCurrency ?? o.cardInfos?.[0]?.cardCurrency ?? known ?? fee;
  return c ? c.toUpperCase() : undefined;
}

/**
 * MONEY: cardepass-v1.md states an order's fee currency only per fee item ("»»»» currency | string | none | 费用币种 |");
 * totalFee, transFee, withdrawFee and fee carry none. As the card ledger line keeps its fee in its own stated currency
 * (toAccountLog: totalFee.currency, feeItems[].currency, an item without one in the line's), the order's fee is in the
 * one currency its items name, an item naming none counting as the card's; with no items, the card's. Items naming
 * different currencies leave it unknown (null), never read in the card's: a USD fee on a JPY card read as ¥ was stored
 * as ¥1 for $1.00, and a $0.10 fee made every answer unreadable. A fee in another currency than the card's is kept in
 * its own (fee_currency); one in a code Cardhub does not know is refused by settle-order's guard (feeOf).
 */
function feeCurrency(o: CardepassOrder, currency: string | undefined): string | null | undefined {
  const named = new Set((o.orderLines ?? []).flatMap((l) => (l.feeItems ?? []).map((f) => (textOrNull(f.currency) ?? currency)?.toUpperCase())));
  if (named.size === 0) return currency;
  return named.size === 1 ? [...named][0] : null;
}

/** model: the endpoint the order was placed or asked at (/sharebalance or /standard), when the answer names none. */
export type OrderContext = { type?: OrderType; currency?: string; timeZone?: string; model?: CardModel };

/**
 * MONEY: cardepass-v1.md's Standard cancel defines "settleStatus … 包括：Pending 处理中 ，WaitTransfer 等待划拨，Completed
 * 已完成": the transfer of the card's balance back to the funding account. Such a cancel whose order status is Completed
 * while its balance has not arrived is still pending, so it is asked about again (a cancel of unknown model too).
 * The ShareBalance cancel gives the field no values ("| »» settleStatus | string | true | 结算状态 | none |") and its
 * only example reads "settleStatus": "Pending": the card holds no balance to transfer, so its order status decides,
 * unless it says outright that a transfer is awaited (WaitTransfer). cardepass-v2.md has no such field.
 */
function cancelStatus(status: OrderStatus, settleStatus: string | null | undefined, model: CardModel | null): OrderStatus {
  if (status !== "completed" || !settleStatus) return status;
  const settle = settleStatus.toLowerCase();
  if (settle === "waittransfer") return "pending";
  if (model === "sharebalance") return status;
  return settle === "completed" ? "completed" : "pending";
}

/**
 * MONEY: cardepass-v1.md orders/standard/withdraw defines "»» totalAmount | string | true | none | 总金额 |
 * 转出金额+转出费用" (amount withdrawn + withdrawal fee), yet its own example answers "withdrawAmount": 1,
 * "withdrawFee": 0, "totalAmount": 1.1 for the order ("C1000-20250421-SGOK") whose card ledger line shows
 * "feeType": "CardWithdrawFee", "amount": 0.1. The documented definition is trusted over a withdrawFee that disagrees:
 * a 0 read there would be stored, disclosed as the product's fee and left out of the next withdrawal's pre-check.
 */
function withdrawalFee(amount: Money | null, total: Money | null, stated: Money | null): Money | null {
  if (!amount || !total) return stated;
  const fee = subtractMoney(total, amount);
  if (fee.amount < 0n) {
    throw malformed(P, `withdraw order: totalAmount ${formatAmountPlain(total)} is below withdrawAmount ${formatAmountPlain(amount)}`);
  }
  return fee;
}

export function toOrder(data: unknown, ctx: OrderContext = {}): Order {
  const o = parseWire(P, orderSchema, data, "order");
  const type = ORDER_TYPES[(o.orderType ?? "").toLowerCase()] ?? ctx.type;
  if (!type) throw malformed(P, `order: unknown orderType "${o.orderType ?? ""}"`);
  const model = toModel(o.cardInfo?.cardModel ?? o.productInfo?.cardModel) ?? ctx.model ?? null;
  const status = type === "cancel" ? cancelStatus(toOrderStatus(o.status), o.settleStatus, model) : toOrderStatus(o.status);
  const currency = orderCurrency(o, ctx.currency);
  const feeIn = feeCurrency(o, currency);
  const money = (value: Amountish, field: string, c: string | null | undefined = currency): Money | null =>
    c ? majorOrNull(P, value, c, field) : null;
  const amount = money(o.totalTopUpAmount ?? o.withdrawAmount ?? o.settleAmount ?? o.transAmount, "amount");
  // totalPayAmount ("总充值金额+总费用") and a withdrawal's totalAmount ("转出金额+转出费用") add the fee to the amount:
  // with the fee in another currency (or in none known) no one currency holds that sum, so the order states no total.
  const oneCurrency = feeIn === currency;
  const total = oneCurrency ? money(o.totalPayAmount ?? o.totalAmount, "totalAmount") : null;
  // MONEY: a withdrawal's fee is totalAmount − withdrawAmount in the card's currency (withdrawalFee) while its fee items
  // name that currency or none. Items naming another one make totalAmount a sum of two currencies whose difference is
  // no fee in either: the stated withdrawFee is read in the items' currency instead and kept in it like any other
  // order's (items naming different currencies: unknown, as for other orders).
  const fee =
    type === "withdraw" && oneCurrency
      ? withdrawalFee(amount, total, money(o.withdrawFee, "withdrawFee"))
      : money(type === "withdraw" ? o.withdrawFee : (o.totalFee ?? o.transFee ?? o.withdrawFee ?? o.fee), "fee", feeIn);
  const cardIds = new Set<string>();
  for (const c of [o.cardInfo, ...(o.cardInfos ?? []), ...(o.orderLines ?? []).map((l) => l.cardInfo)]) {
    if (c?.cardId) cardIds.add(c.cardId);
  }
  if (o.cardId) cardIds.add(o.cardId);
  const tz = ctx.timeZone ?? "UTC";
  return {
    provider: P,
    type,
    status,
    providerStatus: o.status,
    providerOrderId: textOrNull(o.orderNo),
    customerOrderNo: textOrNull(o.customerOrderNo),
    failureReason: textOrNull(o.failureReason) ?? (status === "failed" ? textOrNull(o.payMessage ?? o.note) : null),
    cardIds: [...cardIds],
    amount,
    fee,
    total,
    createdAt: timeOrNull(P, o.createdOn, tz, "createdOn"),
    completedAt: status === "pending" ? null : timeOrNull(P, o.completedOn, tz, "completedOn"),
  };
}

// ---- request bodies (amounts as exact decimal strings) ---------------------------------

/**
 * v1 (cardepass-v1.md, orders/standard/topup): `"topUpAmount": "<string>"`.
 * v2 (cardepass-v2.md, 标准模式卡充值): `| amount | body | number | 是 | 充值金额 |`, example `"amount": 50.00`.
 */
export function topUpBody(version: "v1" | "v2", card: { cardId: string; customerOrderNo: string }, amount: Money): Record<string, string | number> {
  const text = formatAmountPlain(amount);
  if (version === "v1") return { ...card, topUpAmount: text };
  const value = Number(text);
  // Money crosses as a JSON number here only because the v2 document says so; it must read back exactly.
  if (String(value) !== text) {
    throw new ProviderError("invalid_request", { provider: P, message: `The top-up amount ${text} cannot be sent exactly.` });
  }
  return { ...card, amount: value };
}

/**
 * v1 (cardepass-v1.md, orders/standard/apply): "| » topUpAmount | body | string | 是 |", example "topUpAmount": "3".
 * v2 (cardepass-v2.md, 标准模式开卡申请): no amount field; example body {"productCode": "STD001", "cardCurrency": "USD",
 * "maxAuthAmount": "100"}. MONEY: a first load is refused rather than left out, so no card is recorded as funded that
 * the provider issued empty (lib/providers/cardepass/first-load.ts).
 */
export function applyBody(version: "v1" | "v2", input: IssueCardInput): Record<string, string> {
  const base = {
    productCode: input.productId,
    cardCurrency: input.currency.toUpperCase(),
    cardAlias: input.alias ?? input.customerOrderNo,
    customerOrderNo: input.customerOrderNo,
  };
  if (input.model === "sharebalance") {
    if (!input.perTransactionLimit) throw new ProviderError("invalid_request", { provider: P, message: "A ShareBalance card needs a per-transaction limit." });
    return {
      ...base,
      maxAuthAmount: formatAmountPlain(input.perTransactionLimit),
      maxCreditAmount: input.lifetimeLimit ? formatAmountPlain(input.lifetimeLimit) : "",
    };
  }
  if (version === "v2" && input.initialAmount && input.initialAmount.amount !== 0n) {
    throw new ProviderError("invalid_request", { provider: P, message: NO_FIRST_LOAD_ON_V2 });
  }
  if (version === "v1") {
    // cardepass-v1.md's Standard apply takes no maxAuthAmount ("仅在共享模式下可用"): refused, never dropped, so no card
    // is recorded with a limit the provider never set.
    if (input.perTransactionLimit) throw new ProviderError("invalid_request", { provider: P, message: "A v1 Standard card takes no per-transaction limit." });
    return { ...base, topUpAmount: input.initialAmount ? formatAmountPlain(input.initialAmount) : "0" };
  }
  // v2: optional, a string as both examples send it ('"maxAuthAmount": "100"', '"maxAuthAmount": "200"').
  return input.perTransactionLimit ? { ...base, maxAuthAmount: formatAmountPlain(input.perTransactionLimit) } : { ...base };
}
