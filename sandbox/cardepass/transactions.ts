import type { SandboxContext } from "../context";
import type { SandboxTxn } from "../ledger";
import { currencyExponent, toMajor } from "../lib/money";
import { isoZ, parseDateFilter } from "../lib/time";
import { cardInfo } from "./order-views";
import { findCard } from "./state";

const FAILURE_TEXT = {
  insufficient_balance: ["Insufficient balance", "余额不足"],
  over_auth_limit: ["Exceeds single transaction limit", "超出单笔限额"],
  over_credit_limit: ["Exceeds card credit limit", "超出卡片总额度"],
  card_inactive: ["Card is not active", "卡片状态异常"],
} as const;

/** One wire row; a reversed or expired authorisation adds a ConsumeReversal row (v1). */
interface Row {
  key: string;
  atMs: number;
  seq: number;
  txn: SandboxTxn;
  reversal: boolean;
}

function rowsOf(ctx: SandboxContext): Row[] {
  const rows: Row[] = [];
  for (const txn of ctx.cardepass.ledger.txns) {
    rows.push({ key: txn.id, atMs: txn.authAt.getTime(), seq: txn.seq * 2, txn, reversal: false });
    const closed = txn.status === "reversed" || txn.status === "expired";
    if (closed && ctx.config.cardepassVersion === "v1" && txn.closedAt) {
      rows.push({ key: `${txn.id}R`, atMs: txn.closedAt.getTime(), seq: txn.seq * 2 + 1, txn, reversal: true });
    }
  }
  return rows.sort((a, b) => b.atMs - a.atMs || b.seq - a.seq);
}

function v1Status(row: Row): string {
  if (row.reversal || row.txn.kind === "refund" || row.txn.status === "settled") return "Settled";
  return row.txn.status === "declined" ? "AuthFailure" : "AuthSuccess";
}

function v2Status(txn: SandboxTxn): string {
  if (txn.status === "pending") return "Pending";
  return txn.status === "settled" ? "Success" : "Failed";
}

function v1Row(ctx: SandboxContext, row: Row) {
  const { txn } = row;
  const card = findCard(ctx.cardepass, txn.cardId);
  const usd = (minor: number) => ({ currency: "USD", amount: toMajor(minor) });
  const failure = txn.declineReason ? FAILURE_TEXT[txn.declineReason] : null;
  const type = row.reversal ? "ConsumeReversal" : txn.kind === "refund" ? "ConsumeRefund" : "Consume";
  const settled = row.reversal ? row.txn.closedAt : txn.settledAt;
  return {
    id: row.key,
    authTime: isoZ(row.reversal && txn.closedAt ? txn.closedAt : txn.authAt),
    settleTime: settled ? isoZ(settled) : null,
    transAmount: {
      currency: txn.originalCurrency,
      amount: toMajor(txn.originalAmountMinor, currencyExponent(txn.originalCurrency)),
    },
    authAmount: usd(txn.amountMinor),
    settledAmount: row.reversal ? usd(txn.amountMinor) : txn.settledAmountMinor === null ? null : usd(txn.settledAmountMinor),
    cardInfo: card ? cardInfo(ctx.cardepass, card) : null,
    cardAlias: card?.alias ?? "",
    authCode: txn.authCode,
    merchantName: txn.merchant.name,
    merchantCountryCode: txn.merchant.country,
    merchantCity: txn.merchant.city,
    merchantState: txn.merchant.state,
    merchantZipCode: txn.merchant.zip,
    merchantDesc: txn.merchant.desc,
    status: v1Status(row),
    fundsDirection: row.reversal || txn.kind === "refund" ? "Income" : "Expenditure",
    transactionType: type,
    failureReason: failure ? failure[0] : null,
    failureReasonCn: failure ? failure[1] : null,
    note: row.reversal ? (txn.status === "expired" ? "Authorization expired" : "Authorization reversed") : "",
  };
}

function v2Row(ctx: SandboxContext, txn: SandboxTxn) {
  const spent = txn.settledAmountMinor ?? txn.amountMinor;
  const suffix = txn.status === "reversed" ? " (reversed)" : txn.status === "expired" ? " (expired)" : "";
  return {
    transactionId: txn.id,
    cardId: txn.cardId,
    amount: toMajor(txn.kind === "refund" ? spent : -spent),
    currency: txn.currency,
    transactionType: txn.kind === "refund" ? "Refund" : "Purchase",
    status: v2Status(txn),
    merchantName: txn.merchant.name,
    description: txn.merchant.desc + suffix,
    transactionTime: isoZ(txn.authAt),
    authCode: txn.authCode,
  };
}

function encodeCursor(row: Row): string {
  return Buffer.from(JSON.stringify([row.atMs, row.seq])).toString("base64url");
}

function decodeCursor(cursor: string): [number, number] | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    return Array.isArray(value) && value.length === 2 && value.every((n) => Number.isInteger(n)) ? (value as [number, number]) : null;
  } catch {
    return null;
  }
}

/** GET /v1/transactions with every documented filter and keyset cursor paging (newest first). */
export function transactionsView(ctx: SandboxContext, query: URLSearchParams): { error: string } | { body: Record<string, unknown> } {
  const v2 = ctx.config.cardepassVersion === "v2";
  const pageSizeRaw = query.get("PageSize");
  const pageSize = pageSizeRaw ? Number(pageSizeRaw) : 20;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) return { error: "PageSize: must be an integer between 1 and 100" };
  const cursorRaw = query.get("PageCursor");
  const cursor = cursorRaw ? decodeCursor(cursorRaw) : null;
  if (cursorRaw && !cursor) return { error: "PageCursor: invalid cursor" };
  const from = parseDateFilter(query.get("TransactionDateFrom"), false);
  const to = parseDateFilter(query.get("TransactionDateTo"), true);
  const cardId = query.get("CardId");
  const status = query.get("TransactionStatus");

  const filtered = rowsOf(ctx).filter((row) => {
    if (cardId && row.txn.cardId !== cardId) return false;
    if ((from && row.atMs < from.getTime()) || (to && row.atMs > to.getTime())) return false;
    if (status && (v2 ? v2Status(row.txn) : v1Status(row)) !== status) return false;
    if (cursor && !(row.atMs < cursor[0] || (row.atMs === cursor[0] && row.seq < cursor[1]))) return false;
    return true;
  });
  const slice = filtered.slice(0, pageSize);
  const last = slice[slice.length - 1];
  const hasMore = filtered.length > pageSize && last !== undefined;
  const next = hasMore && last ? encodeCursor(last) : null;

  if (v2) {
    return {
      body: {
        data: slice.map((row) => v2Row(ctx, row.txn)),
        pagination: { pageSize, nextCursor: next, hasMore },
      },
    };
  }
  return { body: { data: { pageCursor: next ?? "", pageSize, data: slice.map((row) => v1Row(ctx, row)) } } };
}
