import { and, desc, eq, isNotNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { cards } from "@/db/schema/cards";
import { providerAccounts, type ProviderName } from "@/db/schema/provider-accounts";
import { boundedCount, type BoundedCount } from "./bounded-count";

export type CardReopenedAtProvider = {
  id: string;
  alias: string;
  last4: string | null;
  providerStatus: string | null;
  providerReopenedSince: Date;
  accountLabel: string;
  provider: ProviderName;
};

/** "Needs attention": the organisation's cancelled cards their provider reports open, newest first (cards_provider_reopened_idx). */
export async function listCardsReopenedAtProvider(db: DbOrTx, params: { organizationId: string; limit: number }): Promise<CardReopenedAtProvider[]> {
  const rows = await cardsReopenedQuery(db, params);
  return rows.map((row) => ({ ...row, providerReopenedSince: row.providerReopenedSince! }));
}

/** The statement itself, so a test can EXPLAIN exactly what the overview runs. */
export function cardsReopenedQuery(db: DbOrTx, params: { organizationId: string; limit: number }) {
  return db
    .select({
      id: cards.id,
      alias: cards.alias,
      last4: cards.last4,
      providerStatus: cards.providerStatus,
      providerReopenedSince: cards.providerReopenedSince,
      accountLabel: providerAccounts.label,
      provider: providerAccounts.provider,
    })
    .from(cards)
    .innerJoin(providerAccounts, eq(providerAccounts.id, cards.providerAccountId))
    .where(and(eq(cards.organizationId, params.organizationId), isNotNull(cards.providerReopenedSince)))
    .orderBy(desc(cards.providerReopenedSince), desc(cards.id))
    .limit(params.limit);
}

/** How many of the organisation's cards are cancelled and reported open by their provider, up to `cap` (cards_provider_reopened_idx). */
export async function countCardsReopenedAtProvider(db: DbOrTx, params: { organizationId: string; cap: number }): Promise<BoundedCount> {
  const rows = db
    .select({ id: cards.id })
    .from(cards)
    .where(and(eq(cards.organizationId, params.organizationId), isNotNull(cards.providerReopenedSince)))
    .limit(params.cap + 1);
  return boundedCount(db, rows, params.cap);
}
