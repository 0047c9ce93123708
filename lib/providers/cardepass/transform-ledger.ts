/** Cardepass wire → normalized for money movements: transactions, funding, account logs. Pure. */
import type { Money } from "@/lib/money";
import { absMoney, major, majorOrNull, malformed, parseWire, readTransactionRows, textOrNull, timeOrNull, type Amountish } from "@/lib/providers/normalize";
import type { AccountLog, FundingBalance, Page, Transaction, TransactionKind, TransactionPage, TransactionStatus } from "@/lib/providers/types";
import {
  accountLogPageSchema,
  accountLogSchema,
  accountsV1Schema,
  accountsV2Schema,
  transactionPageV1Schema,
  transactionSchema,
  type CardepassAccountLog,
  type CardepassEnvelope,
  type CardepassTransaction,
} from "@/lib/providers/cardepass/types";

const P = "cardepass" as const;

// ---- transactions ----------------------------------------------------------------------

const TX_STATUS: Record<string, TransactionStatus> = {
  authsuccess: "pending",
  pending: "pending",
  authfailure: "declined",
  failed: "declined",
  failure: "declined",
  settled: "completed",
  success: "completed",
};

const TX_KIND: Record<string, TransactionKind> = {
  consume: "purchase",
  purchase: "purchase",
  consumerefund: "refund",
  refund: "refund",
  consumereversal: "reversal",
  consumerefundreversal: "reversal",
  authreversal: "reversal",
  transfee: "fee",
  topup: "topup",
  withdraw: "withdraw",
};

function signed(money: Money, direction: string | null | undefined): Money {
  const d = (direction ?? "").toLowerCase();
  if (d === "expenditure") return { ...absMoney(money), amount: -absMoney(money).amount };
  if (d === "income") return absMoney(money);
  return money;
}

export function toTransaction(data: unknown, timeZone = "UTC"): Transaction {
  const t: CardepassTransaction = parseWire(P, transactionSchema, data, "transaction");
  const id = textOrNull(t.id ?? t.transactionId);
  if (!id) throw malformed(P, "transaction: id is missing");
  const cardCurrency = t.cardInfo?.cardCurrency ?? t.currency ?? undefined;
  const obj = (m: typeof t.authAmount, field: string): Money | null => {
    if (!m || m.amount === null || m.amount === undefined) return null;
    const currency = m.currency ?? cardCurrency;
    if (!currency) throw malformed(P, `transaction ${id}: ${field}.currency is missing`);
    return major(P, m.amount, currency, `${field}.amount`);
  };
  const settled = obj(t.settledAmount, "settledAmount");
  const auth = obj(t.authAmount, "authAmount");
  const original = obj(t.transAmount, "transAmount");
  const flat = t.amount != null && t.currency ? major(P, t.amount, t.currency, "amount") : null;
  const primary = settled ?? auth ?? flat ?? original;
  if (!primary) throw malformed(P, `transaction ${id}: no amount`);
  const rawStatus = t.status ?? "";
  // v2's "transactionTime | string | 交易时间 | 交易发生时间戳" is when the transaction happened, never a settlement
  // time, even for a Success: only v1's settleTime ("入账后，返回清算时间") is one.
  const happenedAt = timeOrNull(P, t.transactionTime, timeZone, "transactionTime");
  const authorizedAt = timeOrNull(P, t.authTime, timeZone, "authTime") ?? happenedAt;
  const settledAt = timeOrNull(P, t.settleTime, timeZone, "settleTime");
  return {
    provider: P,
    providerTransactionId: id,
    providerCardId: textOrNull(t.cardInfo?.cardId ?? t.cardId),
    status: TX_STATUS[rawStatus.toLowerCase()] ?? "pending",
    providerStatus: rawStatus,
    kind: TX_KIND[(t.transactionType ?? "").toLowerCase()] ?? "other",
    providerType: textOrNull(t.transactionType),
    amount: signed(primary, t.fundsDirection),
    originalAmount: original ? signed(original, t.fundsDirection) : null,
    authAmount: auth ? signed(auth, t.fundsDirection) : null,
    merchantName: textOrNull(t.merchantName),
    merchantCountry: textOrNull(t.merchantCountryCode),
    merchantCity: textOrNull(t.merchantCity),
    description: textOrNull(t.merchantDesc ?? t.description),
    authCode: textOrNull(t.authCode),
    failureReason: textOrNull(t.failureReason),
    authorizedAt,
    settledAt,
    occurredAt: settledAt ?? authorizedAt,
    // v2 has no reversed status ("status | Success/Failed/Pending"): a hold the merchant lets go reads Failed too.
    ...(rawStatus.toLowerCase() === "failed" ? { declineMayBeRelease: true } : {}),
  };
}

/**
 * v1: data = {pageCursor, pageSize, data: [...]}; v2: data = [...] plus envelope.pagination. cardepass-v1.md never says a
 * page shorter than PageSize is the last, so only an empty or absent pageCursor ends a v1 list; a cursor equal to the
 * one sent would ask for the same page forever.
 */
export function toTransactionPage(envelope: CardepassEnvelope, ctx: { requestedCursor?: string; timeZone?: string } = {}): TransactionPage {
  const tz = ctx.timeZone ?? "UTC";
  // A row that cannot be read is left out and listed in `skipped` (readTransactionRows); the cursor still moves on.
  const rows = (list: readonly unknown[]) => readTransactionRows(list, (t) => toTransaction(t, tz), (t) => (t as { id?: unknown; transactionId?: unknown }).id ?? (t as { transactionId?: unknown }).transactionId);
  if (Array.isArray(envelope.data)) {
    const p = envelope.pagination;
    const next = p?.hasMore === false ? null : textOrNull(p?.nextCursor);
    return { ...rows(envelope.data), nextCursor: next && next !== ctx.requestedCursor ? next : null, total: null };
  }
  const page = parseWire(P, transactionPageV1Schema, envelope.data, "transaction page");
  const cursor = textOrNull(page.pageCursor);
  return { ...rows(page.data ?? []), nextCursor: cursor && cursor !== ctx.requestedCursor ? cursor : null, total: null };
}

// ---- funding ---------------------------------------------------------------------------

export function toFundingBalances(data: unknown): FundingBalance[] {
  if (Array.isArray(data)) {
    return parseWire(P, accountsV1Schema, data, "accounts").map((a) => {
      const currency = a.currency.toUpperCase();
      return {
        provider: P,
        accountId: currency,
        label: null,
        currency,
        available: major(P, a.amount, currency, "amount"),
        frozen: null,
        total: null,
      };
    });
  }
  const a = parseWire(P, accountsV2Schema, data, "accounts");
  const currency = a.currency.toUpperCase();
  return [
    {
      provider: P,
      accountId: currency,
      label: null,
      currency,
      available: major(P, a.availableBalance ?? a.accountBalance, currency, "availableBalance"),
      frozen: majorOrNull(P, a.frozenBalance, currency, "frozenBalance"),
      total: majorOrNull(P, a.accountBalance, currency, "accountBalance"),
    },
  ];
}

/**
 * How each card-ledger type (accounts/cardAccountLogs) moves the card's own balance: +1 into the card, -1 out of it.
 * The document's signs cannot say it. Its example lists the withdrawal of order C1000-20250421-SGOK (the
 * orders/standard/withdraw example: "withdrawAmount": 1, "totalAmount": 1.1) as "cardAccountLogType": "BalanceRefund",
 * "fundsDirection": "Income", "transAmount": { "amount": 1 }, positive although the card's balance falls, and the cancel
 * as "transAmount": -3.9 with the same "Income". fundsDirection is the funding account's side (Expenditure: it paid into
 * the card at ApplyCard and CardTopUp; Income: the card's money came back). A type the document does not show keeps
 * the provider's sign as written.
 */
const CARD_LEDGER_SIGN: Record<string, 1n | -1n> = { applycard: 1n, cardtopup: 1n, balancerefund: -1n, cardcancel: -1n };

function forCard<M extends Money | null>(money: M, sign: 1n | -1n | undefined): M {
  if (!money || !sign) return money;
  return { ...money, amount: sign * absMoney(money).amount };
}

export function toAccountLog(data: unknown, timeZone = "UTC"): AccountLog {
  const l: CardepassAccountLog = parseWire(P, accountLogSchema, data, "account log");
  const id = textOrNull(l.accountLogId ?? l.id);
  if (!id) throw malformed(P, "account log: id is missing");
  const flatAmount = typeof l.transAmount === "number" || typeof l.transAmount === "string";
  const currency = (
    (flatAmount ? l.currency : (l.transAmount as { currency?: string | null } | null)?.currency) ??
    l.currency ??
    l.cardInfo?.cardCurrency ??
    ""
  ).toUpperCase();
  if (!currency) throw malformed(P, `account log ${id}: currency is missing`);
  const rawAmount = flatAmount ? (l.transAmount as Amountish) : (l.transAmount as { amount?: Amountish } | null)?.amount;
  const direction = (l.fundsDirection ?? "").toLowerCase();
  // A funding-account line (accountLogs: "transAmount | 交易金额 | 分正负号") keeps its sign as written; a card-ledger
  // line is signed for the card's balance by its type (CARD_LEDGER_SIGN), never from fundsDirection.
  const sign = l.cardAccountLogType ? CARD_LEDGER_SIGN[l.cardAccountLogType.toLowerCase()] : undefined;
  const amount = forCard(major(P, rawAmount, currency, "transAmount"), sign);
  const total = forCard(majorOrNull(P, l.totalAmount?.amount, l.totalAmount?.currency ?? currency, "totalAmount"), sign);
  const fee = majorOrNull(P, l.totalFee?.amount, l.totalFee?.currency ?? currency, "totalFee");
  const feeItems = (l.feeItems ?? []).map((f, i) => ({
    type: textOrNull(f.feeType) ?? "unknown",
    amount: major(P, f.amount, (f.currency ?? currency).toUpperCase(), `feeItems[${i}].amount`),
  }));
  return {
    provider: P,
    providerLogId: id,
    providerCardId: textOrNull(l.cardInfo?.cardId),
    providerOrderId: textOrNull(l.cardOrderNo ?? l.orderNo),
    type: l.cardAccountLogType ?? l.accountTransType ?? "unknown",
    direction: direction === "income" ? "in" : direction === "expenditure" ? "out" : null,
    amount,
    fee,
    feeItems,
    total,
    status: textOrNull(l.status),
    note: textOrNull(l.note) ?? textOrNull(l.failureReason),
    occurredAt: timeOrNull(P, l.transTime, timeZone, "transTime"),
    completedAt: timeOrNull(P, l.completedTime, timeZone, "completedTime"),
    // accountLogs only: "调整后可用余额" / "调整后冻结余额", the account's balances after this entry.
    availableAfter: majorOrNull(P, l.availableBalance, currency, "availableBalance"),
    blockedAfter: majorOrNull(P, l.blockedBalance, currency, "blockedBalance"),
  };
}

/**
 * offset: the lines before this page. byPage (a listing paged by PageNumber): the next cursor is the next page's first
 * line, offset + limit, however many lines this page held; otherwise the line after the last one read.
 */
export function toAccountLogPage(data: unknown, ctx: { offset: number; limit: number; timeZone?: string; byPage?: boolean }): Page<AccountLog> {
  const page = parseWire(P, accountLogPageSchema, data, "account log page");
  const items = (page.data ?? []).map((l) => toAccountLog(l, ctx.timeZone));
  const total = page.totalRecords == null || page.totalRecords === "" ? null : Number(page.totalRecords);
  const seen = ctx.byPage ? ctx.offset + ctx.limit : ctx.offset + items.length;
  const more = total !== null && Number.isFinite(total) ? seen < total : items.length >= ctx.limit;
  return { items, nextCursor: more && items.length > 0 ? String(seen) : null, total: Number.isFinite(total) ? total : null };
}

