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
import { unreadProductsText } from "./products-refresh-outcome";

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
 * many were stored, how many of the listed products were read whole, and, in the adapter's words, what it could not
 * read of each of the others (one text per product).
 */
export async function refreshAccountProducts(db: Db, accountId: string): Promise<{ refreshed: number; readWhole: number; unread: string[] }> {
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
  const unread = listed.flatMap((product) => {
    const problems = [...(product.unread ?? []), ...(product.notOffered ? [product.notOffered] : [])];
    return problems.length > 0 ? [problems.join("; ")] : [];
  });
  return { refreshed: products.length, readWhole: listed.length - unread.length, unread };
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
      const { refreshed, readWhole, unread } = await refreshAccountProducts(db, account.id);
      summary.refreshed += refreshed;
      const status = { providerAccountId: account.id, kind: PRODUCTS_SYNC, at };
      if (unread.length === 0) {
        await recordSyncSuccess(db, status);
      } else if (readWhole > 0) {
        // Partial (products-refresh-outcome.ts): the products read are current as of `at`, and the page names the others.
        await db.transaction(async (tx) => {
          await recordSyncSuccess(tx, status);
          await recordSyncFailure(tx, { ...status, message: unreadProductsText(unread) });
        });
      } else {
        const message = unreadProductsText(unread);
        await recordSyncFailure(db, { ...status, message });
        summary.failed.push({ accountId: account.id, label: account.label, message });
      }
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
