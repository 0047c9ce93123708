import type { DbOrTx } from "@/db/client";
import { getSettings } from "@/lib/settings/get-settings";
import { listAccountFunding } from "./funding";

export type LowBalance = {
  providerAccountId: string;
  accountLabel: string;
  currency: string;
  /** The sum of the account's available balances in this currency (every scope); null when none is reported. */
  availableMinor: bigint | null;
  thresholdMinor: bigint;
};

/**
 * Every account and currency whose available funding is below the threshold an administrator set in Settings.
 * A currency with a threshold but no reported balance counts as low: nobody can see that money is there.
 */
export async function listLowBalances(db: DbOrTx, params: { organizationId: string }): Promise<LowBalance[]> {
  const { lowBalanceThresholds } = await getSettings(db, params.organizationId);
  if (lowBalanceThresholds.length === 0) return [];
  const accounts = await listAccountFunding(db, params);
  const low: LowBalance[] = [];
  for (const threshold of lowBalanceThresholds) {
    const account = accounts.find((candidate) => candidate.accountId === threshold.providerAccountId);
    if (!account) continue;
    const readings = account.balances.filter((balance) => balance.currency === threshold.currency && balance.available !== null);
    const availableMinor = readings.length === 0 ? null : readings.reduce((sum, balance) => sum + (balance.available ?? 0n), 0n);
    const thresholdMinor = BigInt(threshold.amountMinor);
    if (availableMinor === null || availableMinor < thresholdMinor) {
      low.push({ providerAccountId: account.accountId, accountLabel: account.accountLabel, currency: threshold.currency, availableMinor, thresholdMinor });
    }
  }
  return low;
}
