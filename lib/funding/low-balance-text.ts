import type { LowBalance } from "@/db/queries/low-balance";
import { formatMoney } from "@/lib/format";

/** What is low: one segment by name, or the account's funding in a currency. */
export function lowBalanceSubject(item: LowBalance): string {
  return item.sourceLabel === null ? `${item.currency} funding` : `segment ${item.sourceLabel}`;
}

/**
 * What is available, never a part told as the whole: a sum that leaves out sources the provider gave no balance for
 * says how many it covers, so finance does not top up money that may already be there.
 */
export function lowBalanceAvailable(item: LowBalance): string {
  if (item.availableMinor === null) return item.sourceLabel === null ? `no ${item.currency} balance reported` : "no balance reported";
  const available = `${formatMoney(item.availableMinor, item.currency)} available`;
  if (item.unreported === 0) return available;
  return `${available} in ${item.sources - item.unreported} of ${item.sources} sources (${item.unreported} not reported)`;
}

/** The bell notice of one crossing. */
export function lowBalanceNotice(item: LowBalance, accountLabel: string): { title: string; body: string } {
  const threshold = formatMoney(item.thresholdMinor, item.currency);
  const body =
    item.availableMinor === null
      ? `The provider reports no ${item.sourceLabel === null ? `${item.currency} balance` : "balance for this segment"}; the threshold is ${threshold}.`
      : `${lowBalanceAvailable(item)}, below the threshold of ${threshold}.`;
  return { title: `${accountLabel}: ${lowBalanceSubject(item)} is low`, body };
}
