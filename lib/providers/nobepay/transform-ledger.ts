/** NobePay wire → normalized for transactions, webhooks and card history. Pure; cents. */
import { malformed, minorOrNull, parseWire, readTransactionRows, textOrNull, timeOrNull } from "@/lib/providers/normalize";
import type { AccountLog, Page, Transaction, TransactionPage, TransactionStatus } from "@/lib/providers/types";
import { cardOrderSchema, transactionSchema, webhookSchema } from "@/lib/providers/nobepay/types";
import { pageOf, type PageAsked } from "@/lib/providers/nobepay/transform-cards";
import { usCents } from "@/lib/providers/nobepay/us-cents";

const P = "nobepay" as const;
const USD = "USD";

// ---- transactions and card history -----------------------------------------------------

const TX_STATUS: Record<string, TransactionStatus> = {
  PENDING: "pending",
  COMPLETE: "completed",
  REFUND: "completed",
  DECLINED: "declined",
  REVERSED: "reversed",
  EXPIRED: "expired",
};

/**
 * A transaction whose amount cannot be read as US cents (us-cents.ts: one stating another currency) is unreadable: a
 * list row is left out and reported (readTransactionRows), a webhook refused as any malformed one.
 */
export function toTransaction(data: unknown, timeZone = "UTC"): Transaction {
  const t = parseWire(P, transactionSchema, data, "transaction");
  const status = t.status.toUpperCase();
  const what = `transaction ${t.transactionId}`;
  const auth = usCents(t.preAuthAmount, t.preAuthCurrency, "preAuthAmount", what);
  const settled = usCents(t.transactionAmount, t.transactionCurrency, "transactionAmount", what);
  const legacy = usCents(t.amount, t.currency, "amount", what);
  const amount = settled ?? auth ?? legacy;
  if (!amount) throw malformed(P, `${what}: no amount`);
  const authorizedAt = timeOrNull(P, t.preAuthTime, timeZone, "preAuthTime");
  const settledAt = timeOrNull(P, t.transactionTime, timeZone, "transactionTime");
  const tradeAt = timeOrNull(P, t.tradeAt, timeZone, "tradeAt");
  return {
    provider: P,
    providerTransactionId: t.transactionId,
    providerCardId: textOrNull(t.cardId),
    status: TX_STATUS[status] ?? "pending",
    providerStatus: t.status,
    kind: status === "REFUND" ? "refund" : amount.amount < 0n ? "purchase" : "other",
    providerType: null,
    amount,
    originalAmount: null,
    authAmount: auth,
    merchantName: textOrNull(t.desp),
    merchantCountry: null,
    description: textOrNull(t.desp),
    authCode: null,
    // The document's COMPLETE and REFUND examples carry reason "balance not enough": only a decline has a failure reason.
    failureReason: status === "DECLINED" ? textOrNull(t.reason) : null,
    authorizedAt: authorizedAt ?? (settledAt ? null : tradeAt),
    settledAt,
    occurredAt: settledAt ?? authorizedAt ?? tradeAt,
    providerUpdatedAt: timeOrNull(P, t.gmtModified, timeZone, "gmtModified"),
  };
}

/** A row that cannot be read (say a fractional cent) is left out and listed in `skipped`; the others are kept. */
export function toTransactionPage(data: unknown, timeZone = "UTC", asked?: PageAsked): TransactionPage {
  const page = pageOf(data, "transaction list", asked);
  return { ...page, ...readTransactionRows(page.items, (t) => toTransaction(t, timeZone), (t) => (t as { transactionId?: unknown }).transactionId) };
}

export type NobepayWebhookEvent = { eventId: string; eventType: string; subscriptionId: string | null; transaction: Transaction | null };

/** Transaction webhook body → normalized event (the card number in it is dropped). */
export function toWebhookEvent(body: unknown, timeZone = "UTC"): NobepayWebhookEvent {
  const e = parseWire(P, webhookSchema, body, "webhook");
  return {
    eventId: e.eventId,
    eventType: e.eventType,
    subscriptionId: textOrNull(e.webhookSubscribeId),
    transaction: e.eventType.toUpperCase() === "TRANSACTION" ? toTransaction(e.data, timeZone) : null,
  };
}

const INTO_CARD = new Set(["CREATE_CARD", "TOPUP_CARD"]);

export function toCardOrderLog(data: unknown, timeZone = "UTC"): AccountLog {
  const o = parseWire(P, cardOrderSchema, data, "card order");
  const occurredAt = timeOrNull(P, o.tradeAt, timeZone, "tradeAt");
  // MONEY: nobepay.md gives every entry an amount ("创建卡/充值/取款/删卡余额 金额, 1000 表示 $10.00"). One without it is
  // unreadable: stored as $0.00 it would be a movement that never happened, and a look-up of a lost top-up or of a
  // cancelled card's remaining balance would read it as one.
  const amount = minorOrNull(P, o.amount, USD, "amount");
  if (!amount) throw malformed(P, `card order ${o.type} of card ${o.cardId} at ${occurredAt?.toISOString() ?? String(o.tradeAt)}: amount is missing`);
  const into = INTO_CARD.has(o.type.toUpperCase());
  const magnitude = amount.amount < 0n ? -amount.amount : amount.amount;
  return {
    provider: P,
    providerLogId: cardOrderLogId(o.cardId, o.type, occurredAt?.getTime() ?? String(o.tradeAt), magnitude),
    providerCardId: o.cardId,
    providerOrderId: null,
    type: o.type,
    direction: into ? "in" : "out",
    amount: { amount: into ? magnitude : -magnitude, currency: USD },
    fee: null,
    feeItems: [],
    total: null,
    status: null,
    note: textOrNull(o.desp) ?? textOrNull(o.typeText),
    occurredAt,
    completedAt: occurredAt,
    availableAfter: null,
    blockedAfter: null,
  };
}

/**
 * nobepay.md's card history gives an entry no id ("cardId | type | typeText | desp | amount | tradeAt") and times in
 * whole seconds, so two top-ups of one card in the same second differ only in amount: card + type + time + amount
 * names an entry, and a page's later entries identical in all four are numbered (#2, #3, ...) so none replaces another.
 */
function cardOrderLogId(cardId: string, type: string, time: number | string, magnitude: bigint): string {
  return `${cardId}:${type}:${time}:${magnitude}`;
}

export function toCardOrderPage(data: unknown, timeZone = "UTC", asked?: PageAsked): Page<AccountLog> {
  const page = pageOf(data, "card order list", asked);
  const occurrences = new Map<string, number>();
  const items = page.items.map((o) => {
    const log = toCardOrderLog(o, timeZone);
    const seen = (occurrences.get(log.providerLogId) ?? 0) + 1;
    occurrences.set(log.providerLogId, seen);
    return seen === 1 ? log : { ...log, providerLogId: `${log.providerLogId}#${seen}` };
  });
  return { ...page, items };
}

