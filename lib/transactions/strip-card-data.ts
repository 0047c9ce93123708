const CARD_DATA_KEY = /^(card_?no|card_?number|number|pan|cvv|cvc|cvv2|pin|expiry|exp_?month|exp_?year)$/i;
// 14-19 digits (a 13-digit epoch-millisecond time is not a card number) that pass the Luhn check.
const LONG_DIGITS = /\d{14,19}/g;

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * A provider event as it may be stored: keys that carry card data are dropped (NobePay's webhook sends
 * `cardNumber`, masked in the document but not promised to be), and any run of digits that could be a card number
 * is cut to its first six and last four, except in the string values of `keepWhole`'s keys: the provider ids a stored
 * event's job reads back, where an id cut short would no longer match the same transaction read by the poll (one
 * purchase, two rows).
 */
export function stripCardData(value: unknown, keepWhole: ReadonlySet<string> = new Set()): unknown {
  if (typeof value === "string")
    return value.replace(LONG_DIGITS, (digits) =>
      passesLuhn(digits) ? `${digits.slice(0, 6)}…${digits.slice(-4)}` : digits,
    );
  if (Array.isArray(value)) return value.map((item) => stripCardData(item, keepWhole));
  if (value && typeof value === "object") {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      if (!CARD_DATA_KEY.test(key)) result[key] = typeof item === "string" && keepWhole.has(key) ? item : stripCardData(item, keepWhole);
    return result;
  }
  return value;
}

/**
 * Text with no keys to tell a card number, a CVV or an expiry date from anything else (a body that is not JSON, a
 * reason quoting a field's value), as it may be stored: every digit hidden, written with spaces or not.
 */
export function hideDigits(text: string): string {
  return text.replace(/\d/g, "#");
}
