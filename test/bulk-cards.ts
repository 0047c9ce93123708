import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { NewCard } from "@/db/queries/card-updates";
import { cards } from "@/db/schema/cards";
import type { CardStatus } from "@/lib/providers/types";

type BulkCardsParams = { organizationId: string; providerAccountId: string; status: CardStatus; mark: (at: Date) => Partial<NewCard> };

/** 5000 prepaid USD cards of the account (provider ids bulk-0 to bulk-4999), every `markEvery`th marked at `markAt`. */
function bulkCardValues(params: BulkCardsParams, markEvery: number, markAt: (index: number) => Date) {
  return Array.from({ length: 5000 }, (_, index) => ({
    organizationId: params.organizationId,
    providerAccountId: params.providerAccountId,
    providerCardId: `bulk-${index}`,
    cardModel: "prepaid" as const,
    alias: `Bulk ${index}`,
    currency: "USD",
    status: params.status,
    ...(index % markEvery === 0 ? params.mark(markAt(index)) : {}),
  }));
}

/**
 * For a plan test of a list of the few marked cards among many: 5000 prepaid USD cards of the account (provider ids
 * bulk-0 to bulk-4999), every 500th marked with the columns `mark` gives for a time of its own, then the table
 * analysed so the planner sees them.
 */
export async function insertBulkCards(db: Db, params: BulkCardsParams): Promise<void> {
  await db.insert(cards).values(bulkCardValues(params, 500, (index) => new Date(Date.UTC(2026, 0, 1, 0, index % 60))));
  await db.execute(sql`analyze cards`);
}

/**
 * For a plan test of a list of marked cards that runs to many pages: the same 5000 cards, every 50th (100 cards, ten
 * pages of the overview's ten) marked for a minute of its own. Analyses nothing: the caller vacuums and analyses
 * every table its query joins.
 */
export async function insertBulkCardsManyMarked(db: Db, params: BulkCardsParams): Promise<void> {
  const values = bulkCardValues(params, 50, (index) => new Date(Date.UTC(2026, 0, 1) + index * 60_000));
  for (let start = 0; start < values.length; start += 1000) await db.insert(cards).values(values.slice(start, start + 1000));
}
