import { isKnownCurrency } from "@/lib/money";

/**
 * A currency filter from the link is kept when the select offers it or it is a real currency: a link shared by someone
 * who sees other cards, or a bookmark older than the organisation's cards, still filters by it, and the select shows
 * it (currencyFilterOptions). A code that is no currency at all cannot match a row and is dropped with a notice.
 */
export function currencyFilterKept(offered: readonly string[], code: string): boolean {
  return offered.includes(code) || isKnownCurrency(code);
}

export function notACurrencyMessage(code: string): string {
  return `${code} is not a currency code; showing every currency.`;
}

/**
 * The currency select's choices, in code order: the offered currencies and, when the chosen one is not among them,
 * the chosen one marked with `none` (e.g. "EUR (no cards)"), so the bar says what the list is filtered by.
 */
export function currencyFilterOptions(offered: readonly string[], chosen: string | undefined, none: string): { value: string; label: string }[] {
  const options = offered.map((code) => ({ value: code, label: code }));
  if (chosen && !offered.includes(chosen)) options.push({ value: chosen, label: `${chosen} (${none})` });
  return options.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}
