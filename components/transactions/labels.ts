import type { LedgerDirection, LedgerStatus } from "@/db/schema/transactions";

export const LEDGER_STATUS_LABELS: Record<LedgerStatus, string> = {
  authorised: "Authorised",
  settled: "Settled",
  declined: "Declined",
  reversed: "Reversed",
  expired: "Expired",
  refunded: "Refunded",
};

/**
 * One sentence per status and direction, for the drawer: what it means for the money, in the terms of the totals
 * beside it (transactionTotals: authorised and settled debits are spend, a refunded row is counted as refunded, money
 * coming in is never spend; labels.integration.test.ts holds each sentence to those sums).
 */
export const LEDGER_STATUS_MEANING: Record<LedgerDirection, Record<LedgerStatus, string>> = {
  debit: {
    authorised: "Approved and held on the card; not settled yet. Counted as spend while it is held and once it settles.",
    settled: "The money has left the card. Counted as spend.",
    declined: "Refused at the till: no money moved.",
    reversed: "The authorisation was released: no money moved.",
    expired: "The authorisation lapsed without being settled: no money moved.",
    refunded: "The money came back to the card. Counted as refunded, not as spend.",
  },
  credit: {
    authorised: "Announced but not on the card yet; not counted in the totals.",
    settled: "The money has reached the card.",
    declined: "Refused: no money came onto the card.",
    reversed: "Cancelled before it settled: no money came onto the card.",
    expired: "It lapsed without being settled: no money came onto the card.",
    refunded: "The money came back to the card. Counted as refunded, not as spend.",
  },
};

export function ledgerStatusMeaning(row: { status: LedgerStatus; direction: LedgerDirection }): string {
  return LEDGER_STATUS_MEANING[row.direction][row.status];
}

export const KIND_LABELS: Record<string, string> = {
  purchase: "Purchase",
  refund: "Refund",
  reversal: "Reversal",
  fee: "Fee",
  topup: "Top-up",
  withdraw: "Withdrawal",
  other: "Other",
};
