import { formatMoney } from "@/lib/format";

/** A limit increase's two limits, in minor units. */
export type LimitTerms = { perTransaction: bigint; lifetime: bigint };

/** A ShareBalance card's limits as Cardhub holds them, in minor units: a null lifetime limit is unlimited. */
export type CardLimits = { limitPerTransaction: bigint | null; limitLifetime: bigint | null };

/**
 * Which of the two limits asked for the card's own already meet. A card with no per-transaction limit on record meets
 * none. A card without a lifetime limit (unlimited) meets any lifetime limit when it had one at filing (it was made
 * unlimited since); one unlimited at filing too was asked to get a lifetime limit, as filed and weighed, and does not.
 * `lifetimeAtFiling`: the card's lifetime limit when the request was filed (its own lifetime limit, while filing).
 */
function limitsMet(terms: LimitTerms, card: CardLimits, lifetimeAtFiling: bigint | null): { perTransaction: boolean; lifetime: boolean } {
  return {
    perTransaction: card.limitPerTransaction !== null && terms.perTransaction <= card.limitPerTransaction,
    lifetime: card.limitLifetime !== null ? terms.lifetime <= card.limitLifetime : lifetimeAtFiling !== null,
  };
}

/**
 * Whether a limit increase still raises one of the card's limits. One that raises neither asks for no increase: filing
 * refuses it, and once the card's limits catch up with it another way it is no longer needed (lib/requests/no-longer-needed.ts).
 */
export function raisesALimit(terms: LimitTerms, card: CardLimits, lifetimeAtFiling: bigint | null): boolean {
  const met = limitsMet(terms, card, lifetimeAtFiling);
  return !met.perTransaction || !met.lifetime;
}

/**
 * MONEY: the limits an approved increase sets on the card as it is now. It never lowers a limit: each is the higher of
 * the approved one and the card's (a null lifetime: unlimited), so a limit raised another way since it was filed stands.
 */
export function limitsToSet(terms: LimitTerms, card: CardLimits, lifetimeAtFiling: bigint | null): { perTransaction: bigint; lifetime: bigint | null } {
  const met = limitsMet(terms, card, lifetimeAtFiling);
  return {
    perTransaction: met.perTransaction ? card.limitPerTransaction! : terms.perTransaction,
    lifetime: met.lifetime ? card.limitLifetime : terms.lifetime,
  };
}

/**
 * Why a lifetime limit cannot be asked for, approved or set again: the card has already spent more than it (the
 * provider would refuse it). Filing, approval and a retry each finish the sentence with what to do. Null when it can.
 */
export function whySpentMoreThan(lifetime: bigint, card: { limitUsed: bigint | null; currency: string }): string | null {
  if (card.limitUsed === null || lifetime >= card.limitUsed) return null;
  return `The card has already spent ${formatMoney(card.limitUsed, card.currency)}, more than ${formatMoney(lifetime, card.currency)}`;
}

/**
 * Why a limit increase cannot ask for this limit: it is below the card's own, which an approved increase would keep
 * anyway (limitsToSet), so the request would read as lowering what it never lowers. Null when it can (or the card has
 * no such limit: none per transaction on record, or an unlimited lifetime).
 */
export function limitLoweredProblem(asked: bigint, now: bigint | null, currency: string): string | null {
  if (now === null || asked >= now) return null;
  return `A limit increase never lowers a limit: it is ${formatMoney(now, currency)} now. Ask for that or more.`;
}
