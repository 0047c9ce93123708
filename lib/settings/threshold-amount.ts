import { amountTextProblem } from "@/lib/cards/amount-text";
import { currencyExponent, parseMoney } from "@/lib/money";

/**
 * A low-balance threshold typed on Settings, in minor units of its currency, or the problem to show on its field. The
 * same reading as every other amount field (amountTextProblem): "5e2" or "+5" is refused, not taken as 500.
 */
export function thresholdAmountMinor(text: string, currency: string): { amountMinor: string } | { problem: string } {
  const value = text.trim();
  const problem = amountTextProblem(value);
  if (problem) return { problem };
  const code = currency.trim().toUpperCase() || "USD";
  // The currency is checked on its own field (the server refuses a code that is not ISO 4217).
  if (!/^[A-Z]{3}$/.test(code)) return { amountMinor: "" };
  try {
    return { amountMinor: parseMoney(value, code).amount.toString() };
  } catch {
    const decimals = currencyExponent(code);
    return { problem: decimals === 0 ? `${code} amounts have no decimals.` : `${code} amounts have at most ${decimals} decimal places.` };
  }
}
