import type { DbOrTx } from "@/db/client";
import { availableInCurrency } from "@/lib/funding/available-in-currency";
import { fundsEachSegmentApart } from "@/lib/funding/funds-per-segment";
import { getSettings } from "@/lib/settings/get-settings";
import { listAccountFunding } from "./funding";

export type LowBalance = {
  providerAccountId: string;
  accountLabel: string;
  currency: string;
  /**
   * What was judged: '' for the account's whole currency (its sources summed), or one source's scope where the
   * provider funds each segment apart (NobePay), since one segment's money cannot pay for another's cards.
   */
  scope: string;
  /** The segment's name (its label, else its scope); null for the whole currency. */
  sourceLabel: string | null;
  /** What the judged sources have available, summed over those that reported one; null when none did. */
  availableMinor: bigint | null;
  /** How many sources the figure covers, and how many of them reported no balance (so are not in availableMinor). */
  sources: number;
  unreported: number;
  thresholdMinor: bigint;
};

/** The judged sources' figure, in LowBalance's words (availableInCurrency: a source without a reading is left out). */
function judged(sources: readonly { currency: string; available: bigint | null }[], currency: string): Pick<LowBalance, "availableMinor" | "sources" | "unreported"> {
  const { available, sources: count, unreported } = availableInCurrency(sources, currency);
  return { availableMinor: available, sources: count, unreported };
}

/**
 * Every account and currency (or, for a provider that funds each segment apart, every segment) whose available
 * funding is below the threshold an administrator set in Settings. A source with a threshold but no reported balance
 * counts as low: nobody can see that money is there.
 */
export async function listLowBalances(db: DbOrTx, params: { organizationId: string }): Promise<LowBalance[]> {
  const { lowBalanceThresholds } = await getSettings(db, params.organizationId);
  if (lowBalanceThresholds.length === 0) return [];
  const accounts = await listAccountFunding(db, params);
  const low: LowBalance[] = [];
  for (const threshold of lowBalanceThresholds) {
    const account = accounts.find((candidate) => candidate.accountId === threshold.providerAccountId);
    if (!account) continue;
    const thresholdMinor = BigInt(threshold.amountMinor);
    const inCurrency = account.balances.filter((balance) => balance.currency === threshold.currency);
    const whole = { providerAccountId: account.accountId, accountLabel: account.accountLabel, currency: threshold.currency, thresholdMinor };
    // MONEY: a NobePay card pays from its own segment only, so a sum of segments would hide an empty one.
    const candidates: LowBalance[] =
      fundsEachSegmentApart(account.provider) && inCurrency.length > 0
        ? inCurrency.map((source) => ({ ...whole, scope: source.scope, sourceLabel: source.label ?? source.scope, ...judged([source], threshold.currency) }))
        : [{ ...whole, scope: "", sourceLabel: null, ...judged(inCurrency, threshold.currency) }];
    low.push(...candidates.filter((candidate) => candidate.availableMinor === null || candidate.availableMinor < thresholdMinor));
  }
  return low;
}
