import { amountTextProblem } from "@/lib/cards/amount-text";
import { decimalsProblem } from "@/lib/cards/decimals-problem";
import { isKnownCurrency, parseMoney } from "@/lib/money";

/**
 * A low-balance threshold typed on Settings, in minor units of its currency, or the problem to show on its field. The
 * same reading as every other amount field (amountTextProblem): "5e2" or "+5" is refused, not taken as 500.
 */
export function thresholdAmountMinor(text: string, currency: string): { amountMinor: string } | { problem: string } {
  const value = text.trim();
  const problem = amountTextProblem(value);
  if (problem) return { problem };
  const code = currency.trim().toUpperCase() || "USD";
  // A code that is not an ISO 4217 currency is refused on its own field (lowBalanceThresholdSchema), so no row is
  // saved with it; its minor units are unknown, so the amount is not judged by them and not blamed for the code.
  if (!/^[A-Z]{3}$/.test(code) || !isKnownCurrency(code)) return { amountMinor: "0" };
  try {
    return { amountMinor: parseMoney(value, code).amount.toString() };
  } catch {
    return { problem: decimalsProblem(code) };
  }
}
