import { and, asc, eq, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { holdsCardWith, madePurchaseWith } from "@/db/queries/holder-probes";
import { providerAccounts } from "@/db/schema/provider-accounts";
import type { ProviderName } from "@/lib/providers/types";

export type FilterAccount = { id: string; label: string; provider: ProviderName };

/**
 * Whose accounts a filter bar offers. A person who sees only their own cards and purchases is offered the accounts they
 * hold a card with, and (on the transactions list) those their purchases were made on, such as a card handed on since:
 * any other account can only ever show them an empty list.
 */
export type FilterAccountsHolder = { userId: string; throughTransactions: boolean };

function heldBy(holder: FilterAccountsHolder): SQL {
  const holdsCard = holdsCardWith(holder.userId, "providerAccountId", providerAccounts.id);
  if (!holder.throughTransactions) return holdsCard;
  return or(holdsCard, madePurchaseWith(holder.userId, "providerAccountId", providerAccounts.id))!;
}

type FilterAccountsParams = { organizationId: string; holder?: FilterAccountsHolder };

/** The statement of listFilterAccounts, for its plan test. */
export function filterAccountsQuery(db: DbOrTx, params: FilterAccountsParams) {
  return db
    .select({ id: providerAccounts.id, label: providerAccounts.label, provider: providerAccounts.provider })
    .from(providerAccounts)
    .where(and(eq(providerAccounts.organizationId, params.organizationId), params.holder ? heldBy(params.holder) : undefined))
    .orderBy(asc(providerAccounts.label), asc(providerAccounts.id));
}

/** The organisation's provider accounts a filter bar offers, by label: all of them, or only those of a holder. */
export async function listFilterAccounts(db: DbOrTx, params: FilterAccountsParams): Promise<FilterAccount[]> {
  return filterAccountsQuery(db, params);
}
