import type { DbOrTx } from "@/db/client";
import { listStoredBalances, type StoredBalance } from "@/db/queries/funding";
import type { ProviderName } from "@/lib/providers/types";
import { fundsEachSegmentApart } from "./funds-per-segment";

/**
 * The funding source that pays for an issue or a top-up, as last refreshed; JSON-safe for the forms. `available` is
 * null when the provider reports the source without a balance (a NobePay segment whose accountBalance is null): its
 * refresh is known, its amount is not, so nothing can be checked against it.
 */
export type PayingBalance = { label: string | null; currency: string; available: string | null; refreshedAt: string };

/**
 * NobePay funds each card segment (BIN) separately, so its card pays from its own BIN's balance; Cardepass and
 * Card OPEN-API pay from the account's one balance (or wallet) in the card's currency. Null when no refresh has stored
 * the source yet.
 */
export function pickPayingBalance(balances: StoredBalance[], params: { provider: ProviderName; productId: string | null; currency: string }): PayingBalance | null {
  const inCurrency = balances.filter((balance) => balance.currency === params.currency);
  const source =
    fundsEachSegmentApart(params.provider)
      ? inCurrency.find((balance) => balance.scope === params.productId)
      : (inCurrency.find((balance) => balance.scope === "") ?? (inCurrency.length === 1 ? inCurrency[0] : undefined));
  if (!source) return null;
  return { label: source.label, currency: source.currency, available: source.available?.toString() ?? null, refreshedAt: source.refreshedAt.toISOString() };
}

export async function findPayingBalance(db: DbOrTx, params: { providerAccountId: string; provider: ProviderName; productId: string | null; currency: string }): Promise<PayingBalance | null> {
  return pickPayingBalance(await listStoredBalances(db, { providerAccountId: params.providerAccountId }), params);
}
