// In a file of its own: the new-request form's checks, loaded in the browser on submit, word it as the server does
// (parseFormAmount in lib/cards/amounts.ts) without taking the server's error types with them.
import { currencyExponent } from "@/lib/money";

/** What to tell someone who typed more decimals than the currency has. */
export function decimalsProblem(currency: string): string {
  const decimals = currencyExponent(currency);
  return decimals === 0 ? `${currency} amounts have no decimals.` : `Use at most ${decimals} decimals for ${currency}.`;
}
