import type { CardRequestRow } from "@/db/queries/requests";
import type { RequestKind, RequestTerms } from "@/db/schema/requests";
import { formatMoney, minorToDecimalText } from "@/lib/format";

export const KIND_LABELS: Record<RequestKind, string> = {
  new_card: "New card",
  limit_increase: "Limit increase",
  top_up: "Top-up",
  unfreeze: "Unfreeze",
};

export const TERM_LABELS: Record<keyof RequestTerms, string> = {
  amount: "Amount",
  perTransactionLimit: "Per-transaction limit",
  lifetimeLimit: "Lifetime limit",
};

export const TERM_FIELDS = ["amount", "perTransactionLimit", "lifetimeLimit"] as const satisfies readonly (keyof RequestTerms)[];

export function termMinor(terms: RequestTerms, field: keyof RequestTerms): bigint | null {
  const value = terms[field];
  return value === undefined ? null : BigInt(value);
}

/** The amount the policy compares: what the request puts at risk (a lifetime limit, a top-up, a first deposit). */
export function policyAmountOf(terms: RequestTerms): bigint {
  return termMinor(terms, "lifetimeLimit") ?? termMinor(terms, "amount") ?? termMinor(terms, "perTransactionLimit") ?? 0n;
}

/**
 * The money a request makes spendable: a top-up's amount, a new card's first load, or a new ShareBalance card's
 * lifetime limit (what it may take from the shared funding account); null for a limit increase and an unfreeze, and
 * for a ShareBalance card without a lifetime limit (weighed above every threshold on its own). The policy adds these
 * up per person.
 */
export function fundingAmountOf(kind: RequestKind, terms: RequestTerms): bigint | null {
  if (kind === "top_up") return termMinor(terms, "amount");
  return kind === "new_card" ? (termMinor(terms, "amount") ?? termMinor(terms, "lifetimeLimit")) : null;
}

/** The decimal text the card functions take ("1000.00"), from stored minor units. */
export function decimalTerm(terms: RequestTerms, field: keyof RequestTerms, currency: string): string {
  const minor = termMinor(terms, field);
  if (minor === null) throw new Error(`request terms lack ${field}`);
  return minorToDecimalText(minor, currency);
}

/** "Top-up of 250.00 USD", "New card, 1,000.00 USD lifetime limit": a one-line description for lists and notifications. */
export function describeRequest(request: Pick<CardRequestRow, "kind" | "currency" | "approved">): string {
  const money = (field: keyof RequestTerms) => {
    const minor = termMinor(request.approved, field);
    return minor === null ? null : formatMoney(minor, request.currency);
  };
  switch (request.kind) {
    case "top_up":
      return `Top-up of ${money("amount")}`;
    case "unfreeze":
      return "Unfreeze a card";
    case "limit_increase":
      return `Limit increase to ${money("lifetimeLimit")} lifetime, ${money("perTransactionLimit")} per transaction`;
    case "new_card":
      return money("lifetimeLimit") ? `New card, ${money("lifetimeLimit")} lifetime limit` : `New card with ${money("amount")}`;
  }
}
