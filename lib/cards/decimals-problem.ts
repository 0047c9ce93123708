// In a file of its own: the browser's checks (the issue and request forms, the top-up dialog, Settings' thresholds)
// word it as the server does (parseFormAmount in lib/cards/amounts.ts) without taking the server's error types with them.
import { currencyExponent } from "@/lib/money";

/** What to tell someone who typed more decimals than the currency has. */
export function decimalsProblem(currency: string): string {
  const decimals = currencyExponent(currency);
  return decimals === 0 ? `${currency} amounts have no decimals.` : `${currency} amounts have at most ${decimals} decimal places.`;
}
