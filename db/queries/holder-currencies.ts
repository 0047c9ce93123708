import { and, asc, eq, or } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { holdsCardWith, madePurchaseWith } from "@/db/queries/holder-probes";
import { cardCurrencies } from "@/db/schema/card-currencies";

type HolderCurrenciesParams = { organizationId: string; userId: string };

/** The statement of listHolderTransactionCurrencies, for its plan test. */
export function holderTransactionCurrenciesQuery(db: DbOrTx, params: HolderCurrenciesParams) {
  const held = or(
    holdsCardWith(params.userId, "currency", cardCurrencies.currency),
    madePurchaseWith(params.userId, "currency", cardCurrencies.currency),
  );
  return db
    .select({ currency: cardCurrencies.currency })
    .from(cardCurrencies)
    .where(and(eq(cardCurrencies.organizationId, params.organizationId), held))
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
