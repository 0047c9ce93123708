/** NobePay wire → normalized. Pure. Amounts are integer cents ("1000 = $10.00") everywhere. */
import type { z } from "zod";
import type { Money } from "@/lib/money";
import { ProviderError, type ProviderErrorCode } from "@/lib/providers/errors";
import { malformed, minorOrNull, parseWire, textOrNull, timeOrNull } from "@/lib/providers/normalize";
import type {
  Card,
  CardSecrets,
  CardStatus,
  FundingBalance,
  HolderAddressInput,
  IssueCardInput,
  Order,
  OrderType,
  Page,
  Product,
} from "@/lib/providers/types";
import {
  cardWrapperSchema,
  pageSchema,
  segmentListSchema,
  type NobepayEnvelope,
  type segmentSchema,
} from "@/lib/providers/nobepay/types";
import { usCents } from "@/lib/providers/nobepay/us-cents";

const P = "nobepay" as const;
// NobePay states "payCurrency: fixed value USD" and "currently always USD".
const USD = "USD";
export const SUCCESS_CODE = 200000;

// ---- errors ----------------------------------------------------------------------------

/**
 * The document points to an error-code table that it does not include. Codes are grouped by
 * their HTTP-like prefix (401xxx, 404xxx, ...) with the message as a fallback.
 */
export function classifyError(code: number | null, msg: string): ProviderErrorCode {
  const m = msg.toLowerCase();
  if (/balance not enough|insufficient|余额不足|资金不足/.test(m)) return "insufficient_funds";
  if (code !== null) {
    const prefix = Math.floor(code / 1000);
    if (prefix === 401 || prefix === 403) return "auth";
    if (prefix === 404) return "not_found";
    if (prefix === 409) return "duplicate";
    if (prefix === 429) return "rate_limited";
    if (prefix >= 500 && prefix < 600) return "unavailable";
  }
  if (/token|appkey|appsecret|授权|unauthori/.test(m)) return "auth";
  if (/not exist|not found|不存在/.test(m)) return "not_found";
  if (/duplicate|重复/.test(m)) return "duplicate";
  if (/too many|频繁/.test(m)) return "rate_limited";
  if (code !== null && Math.floor(code / 1000) === 400) return "invalid_request";
  return "unknown";
}

export function envelopeError(envelope: NobepayEnvelope): ProviderError | null {
  const code = envelope.code === null || envelope.code === undefined ? null : Number(envelope.code);
  if (envelope.success === true && (code === null || code === SUCCESS_CODE)) return null;
  if (envelope.success !== false && code === SUCCESS_CODE) return null;
  const msg = envelope.msg ?? "";
  const kind = classifyError(Number.isFinite(code) ? code : null, msg);
  return new ProviderError(kind, {
    provider: P,
    providerCode: code === null ? undefined : String(code),
    providerMessage: msg || undefined,
    retryable: kind === "unavailable" || kind === "rate_limited",
  });
}

// ---- products and funding --------------------------------------------------------------

type SegmentAmount = z.infer<typeof segmentSchema>["accountBalance"];

/**
 * Card segments → products. A figure that cannot be read as US cents (us-cents.ts: one stating another currency, or not
 * whole cents) is left unknown and named in the product's `unread`, as an unread BIN's fees are: the products refresh
 * is then partial and names it, and the segment's other figures and the other segments are read as usual.
 */
export function toProducts(data: unknown): Product[] {
  return parseWire(P, segmentListSchema, data, "card segments").map((s) => {
    const unread: string[] = [];
    const segment = `NobePay's BIN ${textOrNull(s.cardBin) ?? s.vid} (${s.vid})`;
    const read = (money: SegmentAmount, field: string, what: string): Money | null => {
      try {
        return usCents(money?.amount, money?.currency, field, `card segment ${s.vid}`);
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        unread.push(`The ${what} of ${segment} could not be read, so it is left unknown: ${error.message}`);
        return null;
      }
    };
    const minInitialDeposit = read(s.newCardMinDepositAmount, "newCardMinDepositAmount", "minimum first deposit");
    const availableBalance = read(s.accountBalance, "accountBalance", "account balance");
    return {
      provider: P,
      productId: s.vid,
      name: textOrNull(s.desp) ?? textOrNull(s.cardBin) ?? s.vid,
      description: textOrNull(s.desp),
      bin: textOrNull(s.cardBin),
      models: ["prepaid"],
      currencies: [USD],
      minInitialDeposit,
      availableBalance,
      ...(unread.length > 0 ? { unread } : {}),
    };
  });
}

/**
 * Per-segment bank balances; a null accountBalance means "not available for this segment". A balance that cannot be
 * read (toProducts) is reported as none, like the document's null ("因请求该卡段银行数据报错"): the segment counts as low
 * and the others stay current, and it is never stored in another currency's units.
 */
export function toFundingBalances(data: unknown): FundingBalance[] {
  // Every segment is listed, also one whose balance is null: it funds cards too, and "not reported" is an answer.
  return toProducts(data).map((p) => ({
    provider: P,
    accountId: p.productId,
    label: [p.bin, p.description].filter(Boolean).join(" ") || null,
    currency: USD,
    available: p.availableBalance,
    frozen: null,
    total: null,
  }));
}

// ---- cards -----------------------------------------------------------------------------

const CARD_STATUS: Record<string, CardStatus> = {
  INIT: "pending",
  INIT_CREATE_CARD_HOLDER: "pending",
  INIT_CREATE_CARD: "pending",
  INIT_ACTIVE_CARD: "pending",
  ACTIVE: "active",
  FREEZE: "frozen",
  CANCELLING: "cancelling",
  CANCELED: "cancelled",
  DELETED: "cancelled",
  EXPIRED: "expired",
  CREATE_CARD_FAILED_REFUND: "failed",
};

export const toCardStatus = (wire: string): CardStatus => CARD_STATUS[wire.toUpperCase()] ?? "unknown";

/**
 * customerId carries the card owner's id (the document's "customerId": "user_id_123"), so the issuing order's id, which
 * a lost create answer needs to find its card again, travels as a tag with this prefix and is kept out of Card.tags.
 */
export const ORDER_TAG_PREFIX = "cardhub-order-";

export const orderTag = (customerOrderNo: string): string => `${ORDER_TAG_PREFIX}${customerOrderNo}`;

const placeholder = (v: string | null | undefined) => !v || /^[-*]+$/.test(v.trim());

export function toCard(data: unknown, timeZone = "UTC"): Card {
  const w = parseWire(P, cardWrapperSchema, data, "card");
  const c = w.card;
  // Security boundary: `number` and `cvc` are full values in card/info; only bin + last4 are kept.
  const bin = placeholder(c.cardBin) ? null : textOrNull(c.cardBin);
  const last4 = placeholder(c.last4) ? null : textOrNull(c.last4);
  const holder = textOrNull(c.holderName) ?? ([w.cardHolder?.firstName, w.cardHolder?.lastName].filter(Boolean).join(" ") || null);
  const expYear = Number(c.expYear ?? 0);
  const expMonth = Number(c.expMonth ?? 0);
  const tags = w.tags ?? c.tags ?? [];
  return {
    provider: P,
    providerCardId: c.cardId,
    maskedNumber: bin && last4 ? `${bin}******${last4}` : null,
    last4,
    status: toCardStatus(c.status),
    providerStatus: c.status,
    model: "prepaid",
    currency: USD,
    balance: minorOrNull(P, c.balance, USD, "balance"),
    limits: null,
    totalFunded: minorOrNull(P, c.deposit, USD, "deposit"),
    totalSpent: minorOrNull(P, c.consume, USD, "consume"),
    holderName: holder,
    alias: null,
    productId: null,
    brand: null,
    expiryMonth: expMonth >= 1 && expMonth <= 12 ? expMonth : null,
    expiryYear: expYear > 0 ? expYear : null,
    tags: tags.filter((t) => !t.startsWith(ORDER_TAG_PREFIX)),
    customerRef: textOrNull(c.customerId) ?? textOrNull(c.cutomerId),
    holderId: textOrNull(c.cardHolderId),
    issueOrderRef: tags.find((t) => t.startsWith(ORDER_TAG_PREFIX))?.slice(ORDER_TAG_PREFIX.length) ?? null,
    createdAt: timeOrNull(P, c.gmtCreate, timeZone, "gmtCreate"),
    activatedAt: null,
  };
}

export function toCardSecrets(data: unknown): CardSecrets {
  const c = parseWire(P, cardWrapperSchema, data, "card").card;
  const number = (c.number ?? "").replace(/\s/g, "");
  const month = Number(c.expMonth ?? 0);
  const year = Number(c.expYear ?? 0);
  if (!/^\d{12,19}$/.test(number) || !c.cvc || !/^\d{3,4}$/.test(c.cvc) || month < 1 || month > 12 || year < 2000) {
    throw new ProviderError("unsupported", {
      provider: P,
      message: `NobePay has not released the card number yet (card status ${c.status}).`,
    });
  }
  return { number, cvv: c.cvc, expiryMonth: month, expiryYear: year };
}

/** What we asked the list endpoint for: the page number and the page size we sent. */
export type PageAsked = { pageNo: number; pageSize: number };

/**
 * nobepay.md defines the answer's `pageSize` as "record元素个数" (the number of items in this record), not the page
 * size asked for, so paging never trusts it: a next page exists only after a full page of what we asked for, and
 * only while the total says items remain. A short last page therefore never produces a phantom next page.
 */
export function pageOf(data: unknown, what: string, asked?: PageAsked) {
  const page = parseWire(P, pageSchema, data, what);
  const items = page.data ?? [];
  const total = page.total === undefined || page.total === null ? null : Number(page.total);
  const knownTotal = total !== null && Number.isFinite(total) ? total : null;
  let more = false;
  if (asked && items.length > 0 && items.length >= asked.pageSize) {
    const seen = (asked.pageNo - 1) * asked.pageSize + items.length;
    more = knownTotal === null || seen < knownTotal;
  }
  return { items, nextCursor: more && asked ? String(asked.pageNo + 1) : null, total: knownTotal };
}

export function toCardPage(data: unknown, timeZone = "UTC", asked?: PageAsked): Page<Card> {
  const page = pageOf(data, "card list", asked);
  return { ...page, items: page.items.map((item) => toCard(item, timeZone)) };
}

// ---- orders (NobePay tracks creation and cancellation through card status) -------------

export function issueOrderFromCard(card: Card, customerOrderNo: string | null): Order {
  const status = card.status === "pending" ? "pending" : card.status === "failed" ? "failed" : "completed";
  return {
    provider: P,
    type: "issue",
    status,
    providerStatus: card.providerStatus,
    providerOrderId: card.providerCardId,
    customerOrderNo: customerOrderNo ?? card.issueOrderRef,
    failureReason: status === "failed" ? "NobePay could not create the card and refunded the deposit." : null,
    cardIds: [card.providerCardId],
    amount: card.totalFunded,
    fee: null,
    total: null,
    createdAt: card.createdAt,
    completedAt: null,
  };
}

export function cancelOrderFromCard(card: Card, customerOrderNo: string | null): Order {
  const status = card.status === "cancelled" ? "completed" : card.status === "cancelling" ? "pending" : "failed";
  return {
    provider: P,
    type: "cancel",
    status,
    providerStatus: card.providerStatus,
    providerOrderId: card.providerCardId,
    customerOrderNo,
    failureReason: status === "failed" ? `NobePay still reports the card as ${card.providerStatus}.` : null,
    cardIds: [card.providerCardId],
    amount: null,
    fee: null,
    total: null,
    createdAt: null,
    completedAt: null,
    fromCardState: true,
  };
}

/** deposit / withdraw / cancel answer `data: true|false` synchronously. */
export function syncOrder(type: OrderType, data: unknown, ctx: { cardId: string; customerOrderNo: string; amount?: Money }): Order {
  if (typeof data !== "boolean") throw malformed(P, `${type}: data is not true/false`);
  return {
    provider: P,
    type,
    status: data ? (type === "cancel" ? "pending" : "completed") : "failed",
    providerStatus: String(data),
    providerOrderId: null,
    customerOrderNo: ctx.customerOrderNo,
    failureReason: data ? null : "NobePay answered that the operation did not succeed.",
    cardIds: [ctx.cardId],
    amount: ctx.amount ?? null,
    fee: null,
    total: null,
    createdAt: null,
    completedAt: null,
  };
}

// ---- requests --------------------------------------------------------------------------

/** Money → the integer cents NobePay takes; USD only, positive, exact. */
export function toCents(money: Money, what: string): number {
  if (money.currency !== USD) {
    throw new ProviderError("invalid_request", { provider: P, message: `NobePay works in USD only; the ${what} is in ${money.currency}.` });
  }
  if (money.amount <= 0n || money.amount > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new ProviderError("invalid_request", { provider: P, message: `The ${what} must be greater than zero.` });
  }
  return Number(money.amount);
}

export function createBody(input: IssueCardInput): Record<string, unknown> {
  const holder = input.holder;
  if (!holder?.firstName || !holder.lastName || !holder.address) {
    throw new ProviderError("invalid_request", { provider: P, message: "NobePay needs the cardholder's first name, last name and address." });
  }
  if (!input.initialAmount) {
    throw new ProviderError("invalid_request", { provider: P, message: "NobePay needs an initial deposit for a new card." });
  }
  const address = { ...holder.address };
  // The table lists address at the top level, the example nests it in cardHolder: send both.
  return {
    vid: input.productId,
    cardHolder: { firstName: holder.firstName, lastName: holder.lastName, address },
    address,
    deposit: toCents(input.initialAmount, "initial deposit"),
    payCurrency: USD,
    ...(input.ownerRef ? { customerId: input.ownerRef } : {}),
    tagNameList: [...(input.tags ?? []), orderTag(input.customerOrderNo)],
  };
}

/** card/update body, as the document's example nests it: { cardHolder: { address }, cardId }. */
export function updateAddressBody(input: HolderAddressInput): Record<string, unknown> {
  const a = input.address;
  const missing = (["street", "city", "state", "zipCode"] as const).filter((k) => !a[k]?.trim());
  if (!input.cardId) throw new ProviderError("invalid_request", { provider: P, message: "A card id is required." });
  if (missing.length) throw new ProviderError("invalid_request", { provider: P, message: `NobePay needs the full address; missing: ${missing.join(", ")}.` });
  return { cardHolder: { address: { street: a.street.trim(), city: a.city.trim(), state: a.state.trim(), zipCode: a.zipCode.trim() } }, cardId: input.cardId };
}

/** Create answer: NobePay puts "-" in number/last4 until the card exists. */
export function createOrder(data: unknown, customerOrderNo: string, timeZone = "UTC"): Order {
  return issueOrderFromCard(toCard(data, timeZone), customerOrderNo);
}
