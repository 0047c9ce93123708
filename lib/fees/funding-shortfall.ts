import { formatMoney, formatUtcDateTime } from "@/lib/format";
import type { PayingBalance } from "@/lib/funding/paying-balance";
import type { FeeQuote } from "./product-fees";

// In a file of its own: the forms check it on submit or in a dialog, while the fee disclosure (disclosure.ts) is in
// their first load (first-load JavaScript budget).

/**
 * Why the paying funding balance cannot cover amount + fee, or null when it can (or when no balance is known: the
 * provider then decides). The same words on the form and from the server. MONEY: only like with like: a fee charged
 * in another currency than the balance's (a USD fee on a JPY card) is never subtracted from it; the amount alone is
 * checked against the balance, the fee against none (the provider decides), and the words say so.
 */
export function fundingShortfall(params: { amount: bigint; currency: string; fee: FeeQuote | null; paying: PayingBalance | null; what: string }): string | null {
  const { paying } = params;
  if (!paying || paying.available === null || paying.currency !== params.currency) return null;
  const sameCurrency = params.fee !== null && params.fee.currency === params.currency;
  const fee = sameCurrency ? params.fee!.fee : 0n;
  const total = params.amount + fee;
  const available = BigInt(paying.available);
  if (total <= available) return null;
  const apart = params.fee !== null && !sameCurrency ? ` (its fee, charged in ${params.fee.currency}, is not counted against this balance)` : "";
  const needs = fee > 0n ? `${formatMoney(total, params.currency)} with its ${formatMoney(fee, params.currency)} fee` : `${formatMoney(total, params.currency)}${apart}`;
  return `The funding balance that pays is ${formatMoney(available, params.currency)} (as of ${formatUtcDateTime(new Date(paying.refreshedAt))}); this ${params.what} needs ${needs}.`;
}
