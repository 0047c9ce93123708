import { formatMoney, formatUtcDateTime } from "@/lib/format";
import type { FeeQuote, FeeRule } from "./product-fees";

/** "last charged 30 Nov 2026, 09:12 UTC" / "published by the provider": how firm a disclosed fee is. */
export function feeSourceText(quote: Pick<FeeQuote, "source" | "observedAt">): string {
  return quote.source === "provider" ? "as published by the provider" : `last charged ${formatUtcDateTime(new Date(quote.observedAt))}`;
}

/**
 * A fee rule in words before there is an amount to apply it to, as a price list says it: "1.5% of the amount", "$1.00 +
 * 1.5% of the amount", or just "$1.00" when it is fixed. Never the $0.00 a rate gives on no amount. The rate is exact:
 * whole parts per million over 10,000 is correctly rounded, so it prints as the decimal the provider set (12550 → 1.255).
 */
export function feeRuleText(rule: Pick<FeeRule, "fixed" | "ratePpm" | "currency">): string {
  const fixed = BigInt(rule.fixed);
  if (rule.ratePpm <= 0) return formatMoney(fixed, rule.currency);
  const rate = `${rule.ratePpm / 10_000}% of the amount`;
  return fixed > 0n ? `${formatMoney(fixed, rule.currency)} + ${rate}` : rate;
}
