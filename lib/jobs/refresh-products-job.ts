import { refreshAllProducts } from "@/lib/products/refresh-products";
import type { JobDefinition } from "./job";
import { enqueueOnDemand } from "./enqueue-on-demand";

export const REFRESH_PRODUCTS = "products.refresh";

/** Seconds within which several requests to refresh one account's products become a single refresh. */
const BURST_SECONDS = 10;

/**
 * Reads one account's products now instead of at the next hourly run: when it is connected, switched back on or
 * pointed at new credentials or a new address, so finance can issue from it at once. A burst becomes one refresh now
 * and, if more came in, one at the end of the window (pg-boss's next slot), so the last change is always read; each is
 * taken before a scheduled run waiting on the queue.
 */
export async function queueProductsRefresh(accountId: string): Promise<void> {
  await enqueueOnDemand(REFRESH_PRODUCTS, { accountId }, { singletonKey: `products:${accountId}`, singletonSeconds: BURST_SECONDS, singletonNextSlot: true });
}

/** Hourly, at worker start and on demand (queueProductsRefresh): every active account's products, or one account's. */
export const refreshProductsJob: JobDefinition<{ accountId?: string }> = {
  name: REFRESH_PRODUCTS,
  schedule: "7 * * * *",
  run: async (data, db) => {
    const summary = await refreshAllProducts(db, { accountId: data.accountId });
    for (const failure of summary.failed) console.warn(`[products] ${failure.label}: ${failure.message}`);
  },
};
