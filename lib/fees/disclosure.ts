import { formatMoney, formatUtcDateTime } from "@/lib/format";
import type { PayingBalance } from "@/lib/funding/paying-balance";
import type { FeeQuote, FeeRule } from "./product-fees";

/** "last charged 30 Nov 2026, 09:12 UTC" / "published by the provider": how firm a disclosed fee is. */
export function feeSourceText(quote: Pick<FeeQuote, "source" | "observedAt">): string {
  return quote.source === "provider" ? "as published by the provider" : `last charged ${formatUtcDateTime(new Date(quote.observedAt))}`;
}

/**
 * Why the paying funding balance cannot cover amount + fee, or null when it can (or when no balance is known: the
 * provider then decides). The same words on the form and from the server.
 */
export function fundingShortfall(params: { amount: bigint; currency: string; fee: FeeQuote | null; paying: PayingBalance | null; what: string }): string | null {
  const { paying } = params;
  if (!paying || paying.currency !== params.currency) return null;
  const fee = params.fee && params.fee.currency === params.currency ? params.fee.fee : 0n;
  const total = params.amount + fee;
  const available = BigInt(paying.available);
  if (total <= available) return null;
  const needs = fee > 0n ? `${formatMoney(total, params.currency)} with its ${formatMoney(fee, params.currency)} fee` : formatMoney(total, params.currency);
  return `The funding balance that pays is ${formatMoney(available, params.currency)} (as of ${formatUtcDateTime(new Date(paying.refreshedAt))}); this ${params.what} needs ${needs}.`;
}

/**
 * A fee rule in words before there is an amount to apply it to: "1.5% of the amount", "$1.00 + 1.5% of the amount",
 * or just "$1.00" when it is fixed. Never the $0.00 a rate gives on no amount.
 */
export function feeRuleText(rule: Pick<FeeRule, "fixed" | "ratePpm" | "currency">): string {
  const fixed = BigInt(rule.fixed);
  if (rule.ratePpm <= 0) return formatMoney(fixed, rule.currency);
  const rate = `${rule.ratePpm / 10_000}% of the amount`;
  return fixed > 0n ? `${formatMoney(fixed, rule.currency)} + ${rate}` : rate;
}
