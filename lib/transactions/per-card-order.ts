import type { CardRow } from "@/db/queries/card-updates";

/**
 * The cards a NobePay card-by-card read walks, the sweep's (sync-pages.ts pullPerCard) and the daily re-read's
 * (deep-reread.ts), each once (the last row given for a provider id stands), in provider-id order: the order both keep
 * their progress in (cardsDoneThrough). Left out: a card with no provider id, one the provider no longer knows
 * (provider_missing_since), and one still pending.
 */
export function perCardReadOrder(cards: readonly CardRow[]): CardRow[] {
  const byId = new Map<string | null, CardRow>();
  for (const card of cards) byId.set(card.providerCardId, card);
  return [...byId.values()]
    .filter((card) => card.providerCardId && !card.providerMissingSince && card.status !== "pending")
    .sort((a, b) => (a.providerCardId! < b.providerCardId! ? -1 : 1));
}
