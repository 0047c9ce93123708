import { and, desc, eq, isNotNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { cards } from "@/db/schema/cards";
import { providerAccounts, type ProviderName } from "@/db/schema/provider-accounts";
import { boundedCount, type BoundedCount } from "./bounded-count";

export type CardMissingAtProvider = {
  id: string;
  alias: string;
  maskedNumber: string | null;
  last4: string | null;
  status: string;
  providerMissingSince: Date;
  accountLabel: string;
  provider: ProviderName;
};

/** "Needs attention": the organisation's cards their provider no longer knows, newest first (cards_provider_missing_idx). */
export async function listCardsMissingAtProvider(db: DbOrTx, params: { organizationId: string; limit: number }): Promise<CardMissingAtProvider[]> {
  const rows = await cardsMissingQuery(db, params);
  return rows.map((row) => ({ ...row, providerMissingSince: row.providerMissingSince! }));
}

/** The statement itself, so a test can EXPLAIN exactly what the overview runs. */
export function cardsMissingQuery(db: DbOrTx, params: { organizationId: string; limit: number }) {
  return db
    .select({
      id: cards.id,
      alias: cards.alias,
      maskedNumber: cards.maskedNumber,
      last4: cards.last4,
      status: cards.status,
      providerMissingSince: cards.providerMissingSince,
      accountLabel: providerAccounts.label,
      provider: providerAccounts.provider,
    })
    .from(cards)
    .innerJoin(providerAccounts, eq(providerAccounts.id, cards.providerAccountId))
    .where(and(eq(cards.organizationId, params.organizationId), isNotNull(cards.providerMissingSince)))
    .orderBy(desc(cards.providerMissingSince), desc(cards.id))
    .limit(params.limit);
}

/** How many of the organisation's cards their provider no longer knows, up to `cap` (cards_provider_missing_idx). */
export async function countCardsMissingAtProvider(db: DbOrTx, params: { organizationId: string; cap: number }): Promise<BoundedCount> {
  const rows = db
    .select({ id: cards.id })
    .from(cards)
    .where(and(eq(cards.organizationId, params.organizationId), isNotNull(cards.providerMissingSince)))
    .limit(params.cap + 1);
  return boundedCount(db, rows, params.cap);
}
