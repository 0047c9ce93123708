import { queueFundingRefresh } from "@/lib/jobs/refresh-funding-job";
import { queueProductsRefresh } from "@/lib/jobs/refresh-products-job";
import { queueStatementsRead } from "@/lib/jobs/sync-statements-job";

/**
 * A connected, re-activated or re-pointed (new credentials or base URL) account is read at once (its products, funding
 * balances and statements) rather than at the next scheduled runs, up to an hour later for products: finance can issue
 * from it without pressing Refresh. The account is saved either way: if the queue cannot be reached, the schedule
 * reads it.
 */
export async function readAccountSoon(accountId: string): Promise<void> {
  try {
    await Promise.all([queueProductsRefresh(accountId), queueFundingRefresh(accountId), queueStatementsRead(accountId)]);
  } catch (error) {
    console.warn(`[accounts] ${accountId}: first read not queued (${error instanceof Error ? error.message : "unknown error"}); the scheduled runs will read it`);
  }
}
