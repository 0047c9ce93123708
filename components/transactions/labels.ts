import type { LedgerStatus } from "@/db/schema/transactions";

export const LEDGER_STATUS_LABELS: Record<LedgerStatus, string> = {
  authorised: "Authorised",
  settled: "Settled",
  declined: "Declined",
  reversed: "Reversed",
  expired: "Expired",
  refunded: "Refunded",
};

/** One sentence per status, for the drawer: what it means for the money. */
export const LEDGER_STATUS_MEANING: Record<LedgerStatus, string> = {
  authorised:
    "Approved and held on the card; not settled yet. Counted as spend until it settles or is released.",
  settled: "The money has left the card.",
  declined: "Refused at the till: no money moved.",
  reversed: "The authorisation was released: no money moved.",
  expired: "The authorisation lapsed without being settled: no money moved.",
  refunded: "Money came back to the card.",
};

export const KIND_LABELS: Record<string, string> = {
  purchase: "Purchase",
  refund: "Refund",
  reversal: "Reversal",
  fee: "Fee",
  topup: "Top-up",
  withdraw: "Withdrawal",
  other: "Other",
};
