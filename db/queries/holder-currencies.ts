import { and, asc, eq, exists, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { cardCurrencies } from "@/db/schema/card-currencies";
import { cards } from "@/db/schema/cards";
import { transactions } from "@/db/schema/transactions";

type HolderCurrenciesParams = { organizationId: string; userId: string };

/** The statement of listHolderTransactionCurrencies, for its plan test. */
export function holderTransactionCurrenciesQuery(db: DbOrTx, params: HolderCurrenciesParams) {
  // Both probes walk an index that leads with the owner: they read the holder's own rows, never the company's.
  const holdsCard = exists(sql`(select 1 from ${cards} where ${and(eq(cards.ownerUserId, params.userId), eq(cards.currency, cardCurrencies.currency))})`);
  const madePurchase = exists(
    sql`(select 1 from ${transactions} where ${and(eq(transactions.ownerUserId, params.userId), eq(transactions.currency, cardCurrencies.currency))})`,
  );
  return db
    .select({ currency: cardCurrencies.currency })
    .from(cardCurrencies)
    .where(and(eq(cardCurrencies.organizationId, params.organizationId), or(holdsCard, madePurchase)))
    .orderBy(asc(cardCurrencies.currency));
}

/**
 * Of the organisation's stored currencies, those of a person who sees only their own transactions: the currencies of
 * their cards and of their purchases (a card handed on since included). Any other could only show them an empty list.
 */
export async function listHolderTransactionCurrencies(db: DbOrTx, params: HolderCurrenciesParams): Promise<string[]> {
  const rows = await holderTransactionCurrenciesQuery(db, params);
  return rows.map((row) => row.currency);
}
