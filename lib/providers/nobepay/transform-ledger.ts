/** NobePay wire → normalized for transactions, webhooks and card history. Pure; cents. */
import { malformed, minorOrNull, parseWire, textOrNull, timeOrNull } from "@/lib/providers/normalize";
import type { AccountLog, Page, Transaction, TransactionStatus } from "@/lib/providers/types";
import { cardOrderSchema, transactionSchema, webhookSchema } from "@/lib/providers/nobepay/types";
import { pageOf, type PageAsked } from "@/lib/providers/nobepay/transform-cards";

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

export function toTransaction(data: unknown, timeZone = "UTC"): Transaction {
  const t = parseWire(P, transactionSchema, data, "transaction");
  const status = t.status.toUpperCase();
  const auth = minorOrNull(P, t.preAuthAmount, t.preAuthCurrency ?? USD, "preAuthAmount");
  const settled = minorOrNull(P, t.transactionAmount, t.transactionCurrency ?? USD, "transactionAmount");
  const legacy = minorOrNull(P, t.amount, t.currency ?? USD, "amount");
  const amount = settled ?? auth ?? legacy;
  if (!amount) throw malformed(P, `transaction ${t.transactionId}: no amount`);
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

export function toTransactionPage(data: unknown, timeZone = "UTC", asked?: PageAsked): Page<Transaction> {
  const page = pageOf(data, "transaction list", asked);
  return { ...page, items: page.items.map((t) => toTransaction(t, timeZone)) };
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
  const amount = minorOrNull(P, o.amount, USD, "amount") ?? { amount: 0n, currency: USD };
  const into = INTO_CARD.has(o.type.toUpperCase());
  const occurredAt = timeOrNull(P, o.tradeAt, timeZone, "tradeAt");
  const magnitude = amount.amount < 0n ? -amount.amount : amount.amount;
  return {
    provider: P,
    // The history has no id of its own; card + type + time identifies an entry.
    providerLogId: `${o.cardId}:${o.type}:${occurredAt?.getTime() ?? String(o.tradeAt)}`,
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

export function toCardOrderPage(data: unknown, timeZone = "UTC", asked?: PageAsked): Page<AccountLog> {
  const page = pageOf(data, "card order list", asked);
  return { ...page, items: page.items.map((o) => toCardOrderLog(o, timeZone)) };
}

