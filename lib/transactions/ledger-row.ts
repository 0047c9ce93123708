/** Normalized provider transaction → the values of its ledger row. Pure: no database, no clock except `receivedAt`. */
import type { LedgerDirection, LedgerStatus } from "@/db/schema/transactions";
import type { Money, Transaction } from "@/lib/providers/types";
import { plainDeclineReason } from "./decline-reasons";
import { occurredAtOf, type OccurredAt } from "./occurred-at";

/** Higher = further along. A report of a lower rank never overwrites a higher one. */
export const STATUS_RANK: Record<LedgerStatus, number> = {
  authorised: 1,
  settled: 2,
  declined: 2,
  reversed: 2,
  expired: 2,
  refunded: 2,
};

export type LedgerRowValues = OccurredAt & {
  providerTransactionId: string;
  providerCardId: string | null;
  type: string;
  providerType: string | null;
  status: LedgerStatus;
  statusRank: number;
  providerStatus: string;
  direction: LedgerDirection;
  amount: bigint;
  currency: string;
  authorisedAmount: bigint | null;
  authorisedCurrency: string | null;
  settledAmount: bigint | null;
  settledCurrency: string | null;
  merchantAmount: bigint | null;
  merchantCurrency: string | null;
  merchantName: string | null;
  merchantCity: string | null;
  merchantCountry: string | null;
  merchantCategory: string | null;
  description: string | null;
  authCode: string | null;
  declineReason: string | null;
  providerDeclineReason: string | null;
  authorisedAt: Date | null;
  settledAt: Date | null;
  providerUpdatedAt: Date | null;
};

function ledgerStatus(transaction: Transaction): LedgerStatus {
  switch (transaction.status) {
    case "pending":
      return "authorised";
    case "completed":
      return transaction.kind === "refund" ? "refunded" : "settled";
    case "declined":
      return "declined";
    case "reversed":
      return "reversed";
    case "expired":
      return "expired";
  }
}

const magnitude = (money: Money | null): bigint | null =>
  money === null ? null : money.amount < 0n ? -money.amount : money.amount;

/**
 * How far ahead of our clock a provider's own update time may be. A report describes the transaction at a moment no
 * later than its arrival: a time beyond that (a broken clock, or an event forged with the webhook's URL) would outrank
 * every later read of the provider's list for good, so it is not taken.
 */
export const PROVIDER_CLOCK_AHEAD_MS = 5 * 60_000;

/** How a report reached us: read from the provider's list, or sent to us (a webhook). */
export type ReportSource = "list" | "webhook";

/**
 * The moment a report describes, which orders two reports of the same rank: the provider's own update time when it
 * gives a plausible one (NobePay's webhook); else, for a list read, when the page was asked for: the list shows the
 * transaction as it stood then. NobePay's transaction list has no update time (nobepay.md's list fields), so without
 * this a webhook's state could never be corrected by a later read of the list. A webhook without a usable time
 * describes no known moment (a retry can be hours old) and ranks below every dated report.
 */
function reportedAsOf(providerUpdatedAt: Date | null | undefined, receivedAt: Date, source: ReportSource): Date | null {
  if (providerUpdatedAt && providerUpdatedAt.getTime() <= receivedAt.getTime() + PROVIDER_CLOCK_AHEAD_MS) return providerUpdatedAt;
  return source === "list" ? receivedAt : null;
}

/**
 * `amount` is what the row is worth now: the settled amount once settled, else the authorised one. Whether money
 * moved is the status's business (only authorised and settled rows count as spend), never the amount's.
 * `receivedAt`: when a webhook reached us, or when the list page holding the report was asked for (`source`).
 */
export function toLedgerRow(transaction: Transaction, receivedAt: Date, source: ReportSource = "webhook"): LedgerRowValues {
  const status = ledgerStatus(transaction);
  const settled = status === "settled" || status === "refunded" ? transaction.amount : null;
  const authorised = transaction.authAmount ?? (status === "authorised" ? transaction.amount : null);
  const credit =
    transaction.amount.amount > 0n || (transaction.amount.amount === 0n && transaction.kind === "refund");
  const providerDeclineReason = status === "declined" ? transaction.failureReason : null;
  return {
    providerTransactionId: transaction.providerTransactionId,
    providerCardId: transaction.providerCardId,
    type: transaction.kind,
    providerType: transaction.providerType,
    status,
    statusRank: STATUS_RANK[status],
    providerStatus: transaction.providerStatus,
    direction: credit ? "credit" : "debit",
    amount: magnitude(transaction.amount)!,
    currency: transaction.amount.currency,
    authorisedAmount: magnitude(authorised),
    authorisedCurrency: authorised?.currency ?? null,
    settledAmount: magnitude(settled),
    settledCurrency: settled?.currency ?? null,
    merchantAmount: magnitude(transaction.originalAmount),
    merchantCurrency: transaction.originalAmount?.currency ?? null,
    merchantName: transaction.merchantName,
    merchantCity: transaction.merchantCity ?? null,
    merchantCountry: transaction.merchantCountry,
    merchantCategory: transaction.merchantCategory ?? null,
    description: transaction.description,
    authCode: transaction.authCode,
    declineReason: status === "declined" ? plainDeclineReason(providerDeclineReason) : null,
    providerDeclineReason,
    authorisedAt: transaction.authorizedAt,
    settledAt: status === "settled" || status === "refunded" ? transaction.settledAt : null,
    ...occurredAtOf(transaction, receivedAt),
    providerUpdatedAt: reportedAsOf(transaction.providerUpdatedAt, receivedAt, source),
  };
}
