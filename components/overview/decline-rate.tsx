import type { DeclineRate } from "@/db/queries/overview-spend";

/** "2.5%", or "—" when nothing was attempted. */
export function declinePercent(rate: DeclineRate): string {
  if (rate.attempts === 0) return "—";
  return `${(Math.round((rate.declined * 1000) / rate.attempts) / 10).toFixed(1)}%`;
}

/** Every decline the panel counts: the declined purchases and the other declined rows, as its "declined" link lists. */
export function declinesCounted(rate: DeclineRate): number {
  return rate.declined + rate.otherDeclined;
}

const count = new Intl.NumberFormat("en-US");

/**
 * "3 of 1,120 purchases declined (0.3%)": a count ratio, the same whatever the currencies. Declined rows that are no
 * purchase (a refused top-up or refund) are named apart, so the sentence counts every decline its link lists.
 */
export function declineRateText(rate: DeclineRate): string {
  const purchases =
    rate.attempts === 0
      ? "No purchases attempted"
      : `${count.format(rate.declined)} of ${count.format(rate.attempts)} ${rate.attempts === 1 ? "purchase" : "purchases"} declined (${declinePercent(rate)})`;
  if (rate.otherDeclined === 0) return purchases;
  return `${purchases}; ${count.format(rate.otherDeclined)} other ${rate.otherDeclined === 1 ? "transaction" : "transactions"} declined`;
}
