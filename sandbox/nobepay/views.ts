import type { SandboxTxn } from "../ledger";
import { nbBalance, STATUS_TEXT, type NbCard, type NobepayState } from "./state";

const NOT_YET = new Set(["INIT", "INIT_CREATE_CARD_HOLDER", "INIT_CREATE_CARD", "CREATE_CARD_FAILED_REFUND"]);

/** Card number data exists only once the virtual card has been created at the bank. */
function issued(card: NbCard): boolean {
  return !NOT_YET.has(card.status);
}

/** `mode`: "create" (customerId, "-" placeholders), "list" (masked, cutomerId sic), "info" (full, cutomerId sic). */
export function cardObject(state: NobepayState, card: NbCard, mode: "create" | "list" | "info"): Record<string, unknown> {
  const ready = issued(card);
  const secret = (value: string) => (!ready ? "-" : mode === "list" ? "***" : value);
  const customerKey = mode === "create" ? "customerId" : "cutomerId";
  return {
    userId: state.userId,
    cardHolderId: card.cardHolderId,
    holderName: `${card.firstName} ${card.lastName}`,
    cardId: card.cardId,
    [customerKey]: card.customerId,
    cardSeqNo: card.cardSeqNo,
    deposit: card.depositCents,
    consume: card.consumeCents,
    balance: nbBalance(card),
    cvc: secret(card.cvc),
    number: secret(card.number),
    cardBin: ready ? card.number.slice(0, 6) : "-",
    last4: ready ? card.number.slice(-4) : "-",
    status: card.status,
    statusText: STATUS_TEXT[card.status],
    expYear: ready ? card.expYear : 0,
    expMonth: ready ? card.expMonth : 0,
    // The create example answers gmtCreate null; list and info carry the creation time.
    gmtCreate: mode === "create" ? null : card.gmtCreate,
  };
}

export function holderObject(card: NbCard) {
  return { firstName: card.firstName, lastName: card.lastName, address: { ...card.address } };
}

function preAuth(txn: SandboxTxn) {
  if (txn.kind === "refund") return { preAuthAmount: null, preAuthCurrency: null, preAuthTime: null };
  return { preAuthAmount: -txn.amountMinor, preAuthCurrency: txn.currency, preAuthTime: txn.authAt.getTime() };
}

function settlement(txn: SandboxTxn) {
  if (txn.status !== "settled" || txn.settledAmountMinor === null || !txn.settledAt) {
    return { transactionAmount: null, transactionCurrency: null, transactionTime: null };
  }
  const sign = txn.kind === "refund" ? 1 : -1;
  return { transactionAmount: sign * txn.settledAmountMinor, transactionCurrency: txn.currency, transactionTime: txn.settledAt.getTime() };
}

export function txnStatus(txn: SandboxTxn): string {
  if (txn.kind === "refund") return "REFUND";
  return { pending: "PENDING", settled: "COMPLETE", declined: "DECLINED", reversed: "REVERSED", expired: "EXPIRED" }[txn.status];
}

function reason(txn: SandboxTxn): string {
  if (txn.declineReason === "insufficient_balance") return "balance not enough";
  if (txn.declineReason) return "card status invalid";
  return "";
}

/** card/transaction/list row: cardNumber shows the BIN and Xs (document example "556735XXXXXXXXXX"). */
export function transactionRow(state: NobepayState, txn: SandboxTxn) {
  const card = state.cards.find((c) => c.cardId === txn.cardId);
  const number = card?.number ?? "";
  return {
    transactionId: txn.id,
    userId: state.userId,
    cardId: txn.cardId,
    cardCustomerId: card?.customerId ?? "",
    cardNumber: number.slice(0, 6) + "X".repeat(Math.max(0, number.length - 6)),
    desp: txn.merchant.desc,
    reason: reason(txn),
    ...preAuth(txn),
    ...settlement(txn),
    status: txnStatus(txn),
  };
}

/** Deprecated card/trade/list row. */
export function tradeRow(state: NobepayState, txn: SandboxTxn) {
  const card = state.cards.find((c) => c.cardId === txn.cardId);
  const amount = txn.settledAmountMinor ?? txn.amountMinor;
  return {
    transactionId: txn.id,
    cardId: txn.cardId,
    customerId: card?.customerId ?? "",
    cardSeqNo: card?.cardSeqNo ?? "",
    cardLast4: card?.number.slice(-4) ?? "",
    desp: txn.merchant.desc,
    reason: txn.declineReason ? reason(txn) : null,
    amount: txn.kind === "refund" ? amount : -amount,
    currency: txn.currency,
    status: txnStatus(txn),
    tradeAt: txn.authAt.getTime(),
  };
}

/** Webhook event: the webhook example masks the middle ("556735XXXXXX0737") and adds seq/gmt fields. */
export function webhookEvent(state: NobepayState, txn: SandboxTxn, eventId: string) {
  const card = state.cards.find((c) => c.cardId === txn.cardId);
  const number = card?.number ?? "";
  const row = transactionRow(state, txn);
  return {
    eventType: "TRANSACTION",
    eventId,
    webhookSubscribeId: "wsb_sandbox00000000001",
    data: {
      transactionId: row.transactionId,
      userId: row.userId,
      cardId: row.cardId,
      cardCustomerId: row.cardCustomerId,
      cardNumber: number.slice(0, 6) + "X".repeat(Math.max(0, number.length - 10)) + number.slice(-4),
      cardSeqNo: card?.cardSeqNo ?? "",
      desp: row.desp,
      reason: row.reason,
      preAuthAmount: row.preAuthAmount,
      preAuthCurrency: row.preAuthCurrency,
      preAuthTime: row.preAuthTime,
      transactionAmount: row.transactionAmount,
      transactionCurrency: row.transactionCurrency,
      transactionTime: row.transactionTime,
      status: row.status,
      gmtCreate: txn.authAt.getTime(),
      gmtModified: txn.updatedAt.getTime(),
    },
  };
}

export function orderText(type: string, cents: number): { typeText: string; desp: string } {
  const usd = `$${(cents / 100).toFixed(2)}`;
  switch (type) {
    case "CREATE_CARD":
      return { typeText: "开卡", desp: `Create card, deposit amount: ${usd}` };
    case "TOPUP_CARD":
      return { typeText: "充值", desp: `Top up card, amount: ${usd}` };
    case "WITHDRAW_CARD":
      return { typeText: "取款", desp: `Withdraw from card，amount: ${usd}` };
    default:
      return { typeText: "删卡", desp: `Cancel Card，remain balance: ${usd}` };
  }
}
