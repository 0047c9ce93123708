import type { Db } from "@/db/client";
import { lockAccountFunding, replaceAccountBalances, type FundingReading } from "@/db/queries/funding";
import { findLastSyncSuccess, recordSyncFailure, recordSyncSuccess } from "@/db/queries/provider-sync-status";
import { findProviderAccount, listProviderAccounts } from "@/db/queries/provider-accounts";
import { loggableError } from "@/lib/jobs/loggable-error";
import { syncFailureText } from "@/lib/provider-accounts/sync-failure-text";
import { isProviderError } from "@/lib/providers";
import { providerForAccount } from "@/lib/providers/for-account";
import type { FundingBalance } from "@/lib/providers/types";
import { alertOnLowBalances } from "./low-balance-alerts";

export const FUNDING_SYNC = "funding";

export function toReading(balance: FundingBalance): FundingReading {
  return {
    // One account-wide balance per currency (Cardepass, whose id is the currency) has no scope of its own.
    scope: balance.accountId === balance.currency ? "" : balance.accountId,
    currency: balance.currency,
    label: balance.label,
    available: balance.available?.amount ?? null,
    frozen: balance.frozen?.amount ?? null,
    total: balance.total?.amount ?? null,
  };
}

/**
 * Reads an account's funding balances from its provider and stores them with their history; a failure keeps the
 * last known balances (with their time) and records the provider's answer (or, for an error of Cardhub's own, the
 * sentence of lib/provider-accounts/sync-failure-text) as the account's last funding error.
 * A successful refresh also opens or closes the account's low-balance crossings, in the same transaction.
 */
export async function refreshAccountFunding(db: Db, accountId: string): Promise<{ ok: true; sources: number } | { ok: false; message: string }> {
  const at = new Date();
  let label = accountId;
  try {
    const account = await findProviderAccount(db, accountId);
    if (!account) return { ok: false, message: "The provider account no longer exists." };
    label = account.label;
    const provider = await providerForAccount(db, accountId);
    const readings = (await provider.fundingBalances()).map(toReading);
    await db.transaction(async (tx) => {
      await lockAccountFunding(tx, { providerAccountId: accountId });
      // MONEY: a slower refresh asked before a newer one was stored (the schedule, then a click after an order) must
      // not put the older balance back, nor close a low-balance alert on it that the next refresh would open again.
      const newest = await findLastSyncSuccess(tx, { providerAccountId: accountId, kind: FUNDING_SYNC });
      if (newest && newest.getTime() >= at.getTime()) return;
      await replaceAccountBalances(tx, { providerAccountId: accountId, readings, at });
      await recordSyncSuccess(tx, { providerAccountId: accountId, kind: FUNDING_SYNC, at });
      await alertOnLowBalances(tx, account, at);
    });
    return { ok: true, sources: readings.length };
  } catch (error) {
    const message = syncFailureText(error);
    if (!isProviderError(error)) console.warn(`[funding] refresh of ${label} failed: ${loggableError(error)}`);
    await recordSyncFailure(db, { providerAccountId: accountId, kind: FUNDING_SYNC, at, message });
    return { ok: false, message };
  }
}

export type FundingRefreshSummary = { refreshed: number; failed: { accountId: string; label: string; message: string }[] };

/** Every active account (of one organisation, or all); one account failing does not stop the others. */
export async function refreshAllFunding(db: Db, params: { organizationId?: string; accountId?: string } = {}): Promise<FundingRefreshSummary> {
  const accounts = (await listProviderAccounts(db, { organizationId: params.organizationId, activeOnly: true })).filter(
    (account) => !params.accountId || account.id === params.accountId,
  );
  const summary: FundingRefreshSummary = { refreshed: 0, failed: [] };
  for (const account of accounts) {
    const result = await refreshAccountFunding(db, account.id);
    if (result.ok) summary.refreshed += 1;
    else summary.failed.push({ accountId: account.id, label: account.label, message: result.message });
  }
  return summary;
}
