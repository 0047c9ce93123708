import { toStorableText } from "@/lib/validation/safe-text";

const SECRET_KEY = /(card_?no|card_?number|^number$|^pan$|cvv|cvc|^pin$|password|secret|token|^key$|credentials)/i;
// Keys that hold money in minor units (amount, policyAmount, thresholdMinor, lifetimeLimit, balance, fee…), and what
// such a value is: a plain integer, as record() callers write bigint minor units.
const AMOUNT_KEY = /(amount|minor|limit|balance|threshold|fee)$/i;
const PLAIN_INTEGER = /^-?\d+$/;
// A run of 13-19 digits, optionally grouped by single spaces or dashes as people write card numbers.
const DIGIT_RUN = /(?<![\dA-Za-z])\d(?:[ -]?\d){12,18}(?![\dA-Za-z])/g;

// Issuer ranges (first digits → allowed lengths) of the card schemes the providers issue on.
const SCHEMES: { prefix: RegExp; lengths: readonly number[] }[] = [
  { prefix: /^4/, lengths: [13, 16, 19] }, // Visa
  { prefix: /^(5[1-5]|2(22[1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720))/, lengths: [16] }, // Mastercard
  { prefix: /^3[47]/, lengths: [15] }, // American Express
  { prefix: /^(6011|65|64[4-9]|62)/, lengths: [16, 17, 18, 19] }, // Discover, UnionPay
  { prefix: /^35(2[89]|[3-8])/, lengths: [16, 17, 18, 19] }, // JCB
  { prefix: /^3(0[0-5]|[689])/, lengths: [14, 15, 16, 17, 18, 19] }, // Diners Club
];

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** A card number is a scheme's prefix at one of its lengths with a valid check digit: not any long number. */
export function looksLikeCardNumber(digits: string): boolean {
  return SCHEMES.some((scheme) => scheme.prefix.test(digits) && scheme.lengths.includes(digits.length)) && passesLuhn(digits);
}

function maskCardNumbers(text: string): string {
  return text.replace(DIGIT_RUN, (run) => {
    const digits = run.replace(/[ -]/g, "");
    return looksLikeCardNumber(digits) ? `${digits.slice(0, 6)}…${digits.slice(-4)}` : run;
  });
}

/**
 * Audit summaries must never hold a secret. Callers pass only what they mean to record, and this is the
 * second line: secret-named keys are dropped and a card number is masked wherever it appears. Card numbers are
 * recognised by what they are (scheme prefix, length, Luhn), so order ids, timestamps and UUIDs stay intact.
 * Text PostgreSQL cannot store (NUL, lone surrogates) is replaced, so the row is always written.
 */
export function redactSummary(value: unknown): unknown {
  return redact(value, false);
}

/**
 * MONEY: an amount in minor units can be 13+ digits and pass a scheme prefix and Luhn by chance ("4111111111111111"
 * cents); masked, the audit trail would show another figure. So a plain integer under an amount key (or nested in one,
 * as `changes.amount.from`) is kept exactly; any other text, including free text beside it, is still masked.
 */
function redact(value: unknown, underAmountKey: boolean): unknown {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return underAmountKey && PLAIN_INTEGER.test(value) ? value : maskCardNumbers(toStorableText(value));
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => redact(item, underAmountKey));
  if (value && typeof value === "object") {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      result[toStorableText(key)] = SECRET_KEY.test(key) ? "[redacted]" : redact(item, underAmountKey || AMOUNT_KEY.test(key));
    }
    return result;
  }
  return value;
}
