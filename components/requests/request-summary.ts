import { isStatusChangeRequest, type RequestKind, type RequestTerms } from "@/db/schema/requests";
import { formatMoney } from "@/lib/format";
import { termsLowered } from "@/lib/requests/terms";
import type { CardModel } from "@/lib/providers/types";
import { REQUEST_KIND_LABELS } from "./labels";

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

/** What a list row needs to be named: its kind, card (or the card a new-card request asks for), terms and person. */
export type RequestNameFields = {
  kind: RequestKind;
  currency: string;
  requested: RequestTerms;
  approved: RequestTerms;
  cardAlias: string | null;
  requestedAlias: string | null;
  beneficiaryName: string;
};

/**
 * A request row's link, in two parts: `title` is shown ("New card · Eli – Trade fair"), `rest` completes its
 * accessible name (" · $10.00 · for Eli Employee"), so rows of one kind differ for keyboards and screen readers too.
 */
export function requestLinkParts(row: RequestNameFields): { title: string; rest: string } {
  const card = row.cardAlias ?? (row.kind === "new_card" ? row.requestedAlias : null);
  const title = `${REQUEST_KIND_LABELS[row.kind]}${card ? ` · ${card}` : ""}`;
  const amount = isStatusChangeRequest(row.kind)
    ? ""
    : ` · ${termsText(row.approved, row.currency)}${termsLowered(row.requested, row.approved) ? ` (asked ${termsText(row.requested, row.currency)})` : ""}`;
  return { title, rest: `${amount} · for ${row.beneficiaryName}` };
}

export type CardNowFields = {
  cardModel: CardModel;
  currency: string;
  balance: bigint | null;
  limitPerTransaction: bigint | null;
  limitLifetime: bigint | null;
  limitUsed: bigint | null;
};

/**
 * What the card has now, beside what a limit increase or top-up asks: its limits and use, or its balance, as the card
 * page shows them. Unknown is said in words, never as zero. Null for the kinds that change neither.
 */
export function cardNowText(kind: RequestKind, card: CardNowFields): string | null {
  if (kind === "limit_increase") {
    const perTransaction = card.limitPerTransaction !== null ? `${formatMoney(card.limitPerTransaction, card.currency)} per transaction` : "no per-transaction limit";
    const lifetime = card.limitLifetime !== null ? `${formatMoney(card.limitLifetime, card.currency)} lifetime` : "unlimited lifetime";
    const used = card.limitUsed !== null ? `${formatMoney(card.limitUsed, card.currency)} used` : "use not reported by the provider";
    return `${perTransaction}, ${lifetime}, ${used}`;
  }
  if (kind === "top_up") return card.balance !== null ? `Balance ${formatMoney(card.balance, card.currency)}` : "Balance not read from the provider yet";
  return null;
}
