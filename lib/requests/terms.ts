import type { CardRequestRow } from "@/db/queries/requests";
import type { RequestKind, RequestTerms } from "@/db/schema/requests";
import type { LimitTerms } from "@/lib/cards/limit-increase";
import { formatMoney, minorToDecimalText } from "@/lib/format";

export const KIND_LABELS: Record<RequestKind, string> = {
  new_card: "New card",
  limit_increase: "Limit increase",
  top_up: "Top-up",
  unfreeze: "Unfreeze",
  activate: "Activation",
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
 * A limit increase keeps in its details the card's lifetime limit when it was filed (minor units), what its increase is
 * measured from; absent when the card had none.
 */
export function limitIncreaseDetails(lifetimeLimit: bigint | null): Record<string, unknown> {
  return lifetimeLimit === null ? {} : { lifetimeLimitBefore: lifetimeLimit.toString() };
}

export function lifetimeLimitBefore(details: Readonly<Record<string, unknown>>): bigint | null {
  const value = details.lifetimeLimitBefore;
  return typeof value === "string" && /^\d+$/.test(value) ? BigInt(value) : null;
}

/** A limit increase's two limits (minor units); null when the terms lack one. */
export function limitTermsOf(terms: RequestTerms): LimitTerms | null {
  const perTransaction = termMinor(terms, "perTransactionLimit");
  const lifetime = termMinor(terms, "lifetimeLimit");
  return perTransaction === null || lifetime === null ? null : { perTransaction, lifetime };
}

/**
 * The money a request makes spendable: a top-up's amount, a new card's first load, a new ShareBalance card's lifetime
 * limit (what it may take from the shared funding account), or how far a limit increase raises a ShareBalance card's
 * lifetime limit (never below zero: a lower lifetime limit or a higher per-transaction limit alone adds nothing). Null
 * for an unfreeze or an activation (weighed alone by what the card already holds), for a ShareBalance card without a
 * lifetime limit (weighed above every threshold on its own) and for a limit set on a card that had none (it lowers what
 * the card may spend). The policy adds these up per person, as db/queries/requests.ts (sumRecentFundingRequests) does
 * for earlier requests.
 */
export function fundingAmountOf(kind: RequestKind, terms: RequestTerms, details: Readonly<Record<string, unknown>> = {}): bigint | null {
  switch (kind) {
    case "top_up":
      return termMinor(terms, "amount");
    case "new_card":
      return termMinor(terms, "amount") ?? termMinor(terms, "lifetimeLimit");
    case "limit_increase": {
      const after = termMinor(terms, "lifetimeLimit");
      const before = lifetimeLimitBefore(details);
      if (after === null || before === null) return null;
      return after > before ? after - before : 0n;
    }
    case "unfreeze":
    case "activate":
      return null;
  }
}

/** The decimal text the card functions take ("1000.00"), from stored minor units. */
export function decimalTerm(terms: RequestTerms, field: keyof RequestTerms, currency: string): string {
  const minor = termMinor(terms, field);
  if (minor === null) throw new Error(`request terms lack ${field}`);
  return minorToDecimalText(minor, currency);
}

/** Whether an approver lowered anything, for "approved lower" notes. */
export function termsLowered(requested: RequestTerms, approved: RequestTerms): boolean {
  return (Object.keys(requested) as (keyof RequestTerms)[]).some((field) => requested[field] !== approved[field]);
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
    case "activate":
      return "Activate a card";
    case "limit_increase":
      return `Limit increase to ${money("lifetimeLimit")} lifetime, ${money("perTransactionLimit")} per transaction`;
    case "new_card":
      return money("lifetimeLimit") ? `New card, ${money("lifetimeLimit")} lifetime limit` : `New card with ${money("amount")}`;
  }
}
