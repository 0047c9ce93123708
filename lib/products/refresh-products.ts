import type { Db } from "@/db/client";
import { recordSyncFailure, recordSyncSuccess } from "@/db/queries/provider-sync-status";
import { upsertProducts } from "@/db/queries/products";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { feeKey, type FeeAction, type ProductFees } from "@/lib/fees/product-fees";
import { learnFeesFromHistory } from "@/lib/fees/record-charged-fee";
import { loggableError } from "@/lib/jobs/loggable-error";
import { syncFailureText } from "@/lib/provider-accounts/sync-failure-text";
import { isProviderError } from "@/lib/providers";
import type { UsState } from "@/lib/providers/nobepay/transform-states";
import { providerForAccount } from "@/lib/providers/for-account";
import type { Product } from "@/lib/providers/types";

export const PRODUCTS_SYNC = "products";

type StatesSource = { listUsStates(): Promise<UsState[]> };
const hasStates = (provider: object): provider is StatesSource => typeof (provider as Partial<StatesSource>).listUsStates === "function";

/** The provider's published fees as stored rules, for every model the product issues. */
export function publishedFeeRules(product: Product, at: Date): ProductFees {
  const rules: ProductFees = {};
  for (const [action, fee] of Object.entries(product.fees ?? {}) as [FeeAction, NonNullable<Product["fees"]>[FeeAction]][]) {
    if (!fee) continue;
    for (const model of product.models) {
      rules[feeKey(model, action)] = { currency: fee.fixed.currency, fixed: fee.fixed.amount.toString(), ratePpm: fee.ratePpm, source: "provider", observedAt: at.toISOString() };
    }
  }
  return rules;
}

/**
 * Reads what an account can issue from its provider and stores it; pages then read only the database. A product the
 * adapter says cannot be issued from is not stored, so a stored one is marked withdrawn (upsertProducts). Returns how
 * many were stored and, in the adapter's words, what it could not read.
 */
export async function refreshAccountProducts(db: Db, accountId: string): Promise<{ refreshed: number; problems: string[] }> {
  const provider = await providerForAccount(db, accountId);
  const [listed, usStates] = await Promise.all([provider.listProducts(), hasStates(provider) ? provider.listUsStates() : undefined]);
  const products = listed.filter((product) => !product.notOffered);
  const at = new Date();
  await upsertProducts(db, {
    providerAccountId: accountId,
    rows: products.map((product) => ({
      providerProductId: product.productId,
      name: product.name,
      cardModels: product.models,
      currencies: product.currencies,
      minFirstDeposit: product.minInitialDeposit?.amount ?? null,
      availableBalance: product.availableBalance?.amount ?? null,
      balanceCurrency: product.availableBalance?.currency ?? null,
      // Merged into the fees already known (upsertProducts): a refresh never erases a fee.
      fees: publishedFeeRules(product, at),
      details: { bin: product.bin, description: product.description, ...(usStates ? { usStates } : {}) },
    })),
  });
  await learnFeesFromHistory(db, accountId);
  const problems = listed.flatMap((product) => [...(product.unread ?? []), ...(product.notOffered ? [product.notOffered] : [])]);
  return { refreshed: products.length, problems };
}

export type RefreshSummary = { refreshed: number; failed: { accountId: string; label: string; message: string }[] };

/** Every active account (of one organisation, or all); one account failing does not stop the others. */
export async function refreshAllProducts(db: Db, params: { organizationId?: string; accountId?: string } = {}): Promise<RefreshSummary> {
  const accounts = (await listProviderAccounts(db, { organizationId: params.organizationId, activeOnly: true })).filter(
    (account) => !params.accountId || account.id === params.accountId,
  );
  const summary: RefreshSummary = { refreshed: 0, failed: [] };
  for (const account of accounts) {
    const at = new Date();
    try {
      const { refreshed, problems } = await refreshAccountProducts(db, account.id);
      summary.refreshed += refreshed;
      // On the products page: what of the provider's products could not be read, though the rest was stored.
      if (problems.length === 0) await recordSyncSuccess(db, { providerAccountId: account.id, kind: PRODUCTS_SYNC, at });
      else await recordSyncFailure(db, { providerAccountId: account.id, kind: PRODUCTS_SYNC, at, message: problems.join("; ") });
    } catch (error) {
      const message = syncFailureText(error);
      if (!isProviderError(error)) console.warn(`[products] refresh of ${account.label} failed: ${loggableError(error)}`);
      // On the products page: finance must know the products and fees they issue from may be out of date.
      await recordSyncFailure(db, { providerAccountId: account.id, kind: PRODUCTS_SYNC, at, message });
      summary.failed.push({ accountId: account.id, label: account.label, message });
    }
  }
  return summary;
}
