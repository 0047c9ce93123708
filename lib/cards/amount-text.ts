// In a file of its own: the settings page's thresholds need only this, not the card forms' other checks and money
// formatting (first-load JavaScript budget).

/**
 * What to tell someone who typed an amount with thousands separators ("1,500"), or null when it has none. One parser
 * for amounts (lib/money.ts reads plain decimals): a thousands separator is named, not silently refused.
 */
export function thousandsSeparatorProblem(value: string): string | null {
  if (!/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(value)) return null;
  const plain = value.replaceAll(",", "");
  // The amount without them is offered to type instead only when it would not be refused in turn: not one too large,
  // nor one with more decimals than a cent (the currency is not known here; its own check follows).
  const tooLarge = amountTooLargeProblem(plain);
  if (tooLarge) return tooLarge;
  return /\.\d{3,}$/.test(plain) ? "Leave out the thousands separators." : `Leave out the thousands separators: ${plain}.`;
}

/**
 * Twelve whole digits at most (the server's bound, lib/money.ts): a longer number is named as too large, not as
 * something other than an amount. Null for anything else.
 */
export function amountTooLargeProblem(value: string): string | null {
  return /^\d{13,}(\.\d+)?$/.test(value) ? "That amount is too large: at most 12 digits before the decimal point." : null;
}

/** The first problem with an amount typed as decimal text (already trimmed), or null when it is fine. */
export function amountTextProblem(value: string): string | null {
  if (value.length === 0) return "Enter an amount.";
  const separators = thousandsSeparatorProblem(value);
  if (separators) return separators;
  const tooLarge = amountTooLargeProblem(value);
  if (tooLarge) return tooLarge;
  if (!/^\d{1,12}(\.\d+)?$/.test(value)) return "Enter a positive amount such as 25 or 25.50, without a currency sign.";
  if (!/[1-9]/.test(value)) return "The amount must be more than zero.";
  return null;
}
