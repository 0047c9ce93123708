import type { DbOrTx } from "@/db/client";
import { listProducts } from "@/db/queries/products";

export type HolderState = { code: string; name: string };

/**
 * The US states a provider accepts in a cardholder address (NobePay enum/us/states), as stored with the account's
 * products when they were refreshed. Empty when the account has none stored.
 */
export async function holderStatesFor(db: DbOrTx, params: { organizationId: string; accountId: string }): Promise<HolderState[]> {
  for (const product of await listProducts(db, params)) {
    const states = product.details?.usStates;
    if (Array.isArray(states) && states.length > 0) return states as HolderState[];
  }
  return [];
}
