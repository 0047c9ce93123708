import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { unknownProviderCards } from "@/db/schema/unknown-provider-cards";

export type ProviderCardRef = { providerAccountId: string; providerCardId: string };

/** The key findUnknownProviderCards answers with. */
export const unknownProviderCardKey = (ref: ProviderCardRef) => `${ref.providerAccountId}:${ref.providerCardId}`;

/** Records that the provider answered "card not found" for this card id (again: the time is renewed). */
export async function markProviderCardUnknown(db: DbOrTx, ref: ProviderCardRef): Promise<void> {
  await db
    .insert(unknownProviderCards)
    .values(ref)
    .onConflictDoUpdate({ target: [unknownProviderCards.providerAccountId, unknownProviderCards.providerCardId], set: { checkedAt: sql`now()` } });
}

/** A card id that turned out to exist after all (imported from the provider's list): no longer unknown. */
export async function forgetUnknownProviderCard(db: DbOrTx, ref: ProviderCardRef): Promise<void> {
  await db
    .delete(unknownProviderCards)
    .where(and(eq(unknownProviderCards.providerAccountId, ref.providerAccountId), eq(unknownProviderCards.providerCardId, ref.providerCardId)));
}

/** Which of these card ids the provider does not know, as "account:card" keys: one query on the primary key. */
export async function findUnknownProviderCards(db: DbOrTx, refs: readonly ProviderCardRef[]): Promise<Set<string>> {
  if (refs.length === 0) return new Set();
  const byAccount = new Map<string, string[]>();
  for (const ref of refs) byAccount.set(ref.providerAccountId, [...(byAccount.get(ref.providerAccountId) ?? []), ref.providerCardId]);
  const rows = await db
    .select({ providerAccountId: unknownProviderCards.providerAccountId, providerCardId: unknownProviderCards.providerCardId })
    .from(unknownProviderCards)
    .where(
      or(
        ...[...byAccount].map(([providerAccountId, ids]) =>
          and(eq(unknownProviderCards.providerAccountId, providerAccountId), inArray(unknownProviderCards.providerCardId, [...new Set(ids)])),
        ),
      ),
    );
  return new Set(rows.map(unknownProviderCardKey));
}
