import type { DeclineRate } from "@/db/queries/overview-spend";

/** "2.5%", or "—" when nothing was attempted. */
export function declinePercent(rate: DeclineRate): string {
  if (rate.attempts === 0) return "—";
  return `${(Math.round((rate.declined * 1000) / rate.attempts) / 10).toFixed(1)}%`;
}

const count = new Intl.NumberFormat("en-US");

/** "3 of 1,120 purchases declined (0.3%)": a count ratio, the same whatever the currencies. */
export function declineRateText(rate: DeclineRate): string {
  if (rate.attempts === 0) return "No purchases attempted";
  return `${count.format(rate.declined)} of ${count.format(rate.attempts)} ${rate.attempts === 1 ? "purchase" : "purchases"} declined (${declinePercent(rate)})`;
}
