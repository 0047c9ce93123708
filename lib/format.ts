import { currencyExponent, formatAmount, parseMoney } from "@/lib/money";

const numberFormats = new Map<string, Intl.NumberFormat>();

function currencyFormat(currency: string): Intl.NumberFormat {
  let format = numberFormats.get(currency);
  if (!format) {
    const digits = currencyExponent(currency);
    format = new Intl.NumberFormat("en-US", { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
    numberFormats.set(currency, format);
  }
  return format;
}

/**
 * Minor units → "$1,234.50", or "−$0.10" below zero. Intl formats the exact decimal string (a string-valued `format`
 * argument is kept as a decimal, not converted to a float), so amounts beyond 2^53 minor units print exactly.
 * A negative amount gets the minus sign (U+2212) that signed transaction amounts use, not en-US's hyphen: the two
 * sit side by side on the funding page, and screen readers read it as "minus".
 */
export function formatMoney(minor: bigint | null | undefined, currency: string | null | undefined): string {
  if (minor === null || minor === undefined || !currency) return "—";
  const decimal = formatAmount({ amount: minor, currency: currency.toUpperCase() });
  let text: string;
  try {
    text = currencyFormat(currency.toUpperCase()).format(decimal as unknown as number);
  } catch {
    text = `${decimal} ${currency.toUpperCase()}`;
  }
  return text.startsWith("-") ? `−${text.slice(1)}` : text;
}

/**
 * A signed ledger amount with its direction always written: "+$50.00" into the balance, "−$50.00" out of it, "$0.00"
 * for nothing. Statement lines are signed for the balance they belong to, and a bare "$50.00" beside "−$50.00" reads as
 * a typo rather than money coming in.
 */
export function formatSignedMoney(minor: bigint | null | undefined, currency: string | null | undefined): string {
  const text = formatMoney(minor, currency);
  return minor !== null && minor !== undefined && minor > 0n && currency ? `+${text}` : text;
}

/** A provider's decimal amount text ("1.5") → "$1.50"; text that is not an amount is shown as given. */
export function formatDecimalMoney(amount: string, currency: string): string {
  try {
    const money = parseMoney(amount, currency);
    return formatMoney(money.amount, money.currency);
  } catch {
    return `${amount} ${currency}`.trim();
  }
}

/** Minor units → the plain decimal a form field holds ("1234.5" → "1234.50"). */
export function minorToDecimalText(minor: bigint, currency: string): string {
  return formatAmount({ amount: minor, currency });
}

/** "2025-03-01" in UTC. */
export function formatUtcDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** "2025-03-01 14:05 UTC". */
export function formatUtcDateTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
