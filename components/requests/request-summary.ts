import type { RequestTerms } from "@/db/schema/requests";
import { formatMoney } from "@/lib/format";
import type { CardModel } from "@/lib/providers/types";

const money = (terms: RequestTerms, field: keyof RequestTerms, currency: string) => {
  const value = terms[field];
  return value === undefined ? null : formatMoney(BigInt(value), currency);
};

/** What a request asks for, in words, from its (approved) terms: "$250.00", "$100.00 / $1,000.00 lifetime". */
export function termsText(terms: RequestTerms, currency: string): string {
  const amount = money(terms, "amount", currency);
  if (amount) return amount;
  const perTransaction = money(terms, "perTransactionLimit", currency);
  const lifetime = money(terms, "lifetimeLimit", currency);
  if (perTransaction || lifetime) return `${perTransaction ?? "—"} per transaction, ${lifetime ?? "unlimited"} lifetime`;
  return "—";
}

/** Whether an approver lowered anything, for "approved lower" notes. */
export function termsLowered(requested: RequestTerms, approved: RequestTerms): boolean {
  return (Object.keys(requested) as (keyof RequestTerms)[]).some((field) => requested[field] !== approved[field]);
}

/**
 * What approving an activation or unfreeze releases to be spent, as the approval policy weighed it when the request was
 * filed (its policy amount, lib/requests/create-request.ts): a prepaid card's balance, a ShareBalance card's unspent
 * lifetime limit, or nothing Cardhub could bound (no lifetime limit, or a balance it had not read), which finance approves.
 */
export function releasedText(params: { policyAmount: bigint | null; currency: string; cardModel: CardModel | null }): string {
  const shared = params.cardModel === "sharebalance";
  if (params.policyAmount === null) {
    return shared
      ? "Releases spending without a limit: the card had no lifetime limit when this was asked, so finance approves too."
      : "Releases a balance Cardhub did not know when this was asked, so finance approves too.";
  }
  return `Releases ${formatMoney(params.policyAmount, params.currency)} to be spent: ${shared ? "what was left of the card's lifetime limit" : "the card's balance"} when this was asked.`;
}
