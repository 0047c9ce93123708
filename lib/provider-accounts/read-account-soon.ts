import { queueFundingRefresh } from "@/lib/jobs/refresh-funding-job";
import { queueStatementsRead } from "@/lib/jobs/sync-statements-job";

/**
 * A connected or re-activated account is read at once (funding balances and statements) rather than at the next
 * scheduled runs, up to 15 minutes later. The account is saved either way: if the queue cannot be reached, the
 * schedule reads it.
 */
export async function readAccountSoon(accountId: string): Promise<void> {
  try {
    await Promise.all([queueFundingRefresh(accountId), queueStatementsRead(accountId)]);
  } catch (error) {
    console.warn(`[accounts] ${accountId}: first read not queued (${error instanceof Error ? error.message : "unknown error"}); the scheduled runs will read it`);
  }
}
