/**
 * Minor-unit money. Amounts are bigint minor units plus an ISO 4217 currency code.
 * Parsing never goes through float arithmetic: a JSON number is converted through its
 * shortest decimal string representation (what `String(n)` prints), then parsed as text.
 */

export type Money = { amount: bigint; currency: string };
export type MoneyJson = { amount: string; currency: string };

// ISO 4217 currencies whose minor unit is not 2 digits. Everything else uses 2.
const EXPONENTS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0,
  UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

export class MoneyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MoneyError";
  }
}

/** An amount in another currency than the record that keeps it: stored there, its minor units would be another sum. */
export class CurrencyMismatchError extends MoneyError {
  constructor(message: string) {
    super(message);
    this.name = "CurrencyMismatchError";
  }
}

export function normalizeCurrency(currency: string): string {
  const code = currency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) throw new MoneyError(`"${currency}" is not an ISO 4217 currency code`);
  return code;
}

/** The currencies whose minor unit is not 2 digits, with theirs (for SQL that converts per row). */
export function nonDefaultExponents(): Readonly<Record<string, number>> {
  return EXPONENTS;
}

export function currencyExponent(currency: string): number {
  return EXPONENTS[normalizeCurrency(currency)] ?? 2;
}

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Exact decimal text ("12", "12.5", "-3.90", "1e-7", as JS prints numbers) → sign, integer digits, fraction digits. */
function splitDecimal(text: string, what: string): { negative: boolean; intPart: string; fracPart: string } {
  const m = DECIMAL.exec(text.trim());
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) throw new MoneyError(`${what}: "${text}" is not a number`);
  let intPart = m[2] ?? "";
  let fracPart = m[3] ?? "";
  const exp = m[4] ? Number(m[4]) : 0;
  if (exp > 0) {
    const shift = fracPart.padEnd(exp, "0");
    intPart += shift.slice(0, exp);
    fracPart = shift.slice(exp);
  } else if (exp < 0) {
    const padded = intPart.padStart(-exp, "0");
    fracPart = padded.slice(padded.length + exp) + fracPart;
    intPart = padded.slice(0, padded.length + exp);
  }
  return { negative: m[1] === "-", intPart, fracPart };
}

/** Exact decimal text → minor units. Accepts "12", "12.5", "-3.90", "1e-7" (as JS prints numbers). */
function decimalToMinor(text: string, exponent: number, what: string): bigint {
  const { negative, intPart, fracPart } = splitDecimal(text, what);
  // Trailing zeros beyond the currency's exponent carry no value ("10.00" for JPY is 10).
  const significantFrac = fracPart.replace(/0+$/, "");
  if (significantFrac.length > exponent) {
    throw new MoneyError(`${what}: "${text}" has more decimal places than the currency allows (${exponent})`);
  }
  const digits = (intPart || "0") + significantFrac.padEnd(exponent, "0");
  const value = BigInt(digits);
  return negative ? -value : value;
}

/**
 * A major-unit range bound ("25.555") → minor units with `exponent` decimals, for `amount >= min` / `amount <= max`.
 * A bound finer than the minor unit rounds inward (a minimum up, a maximum down), so the comparison admits exactly
 * the amounts that lie within the bound as typed: max 25.555 USD keeps $25.55, min 25.555 USD starts at $25.56.
 */
export function amountBoundMinor(bound: string, exponent: number, side: "min" | "max"): bigint {
  const { negative, intPart, fracPart } = splitDecimal(bound, side === "min" ? "minimum" : "maximum");
  const magnitude = BigInt((intPart || "0") + fracPart.slice(0, exponent).padEnd(exponent, "0"));
  const truncated = negative ? -magnitude : magnitude;
  if (!/[1-9]/.test(fracPart.slice(exponent))) return truncated;
  // Dropping digits truncated toward zero: the floor of a positive bound, the ceiling of a negative one.
  const ceiling = negative ? truncated : truncated + 1n;
  return side === "min" ? ceiling : ceiling - 1n;
}

function numberToText(value: number, what: string): string {
  if (!Number.isFinite(value)) throw new MoneyError(`${what}: ${String(value)} is not a finite amount`);
  return Object.is(value, -0) ? "0" : String(value);
}

/** Major-unit amount ("12.34", 12.34) → Money. Exact; rejects NaN, Infinity and excess decimals. */
export function parseMoney(value: string | number, currency: string, what = "amount"): Money {
  const code = normalizeCurrency(currency);
  const text = typeof value === "number" ? numberToText(value, what) : value;
  return { amount: decimalToMinor(text, currencyExponent(code), what), currency: code };
}

/** Minor-unit amount (integer cents as number, string or bigint) → Money. */
export function moneyFromMinor(value: string | number | bigint, currency: string, what = "amount"): Money {
  const code = normalizeCurrency(currency);
  if (typeof value === "bigint") return { amount: value, currency: code };
  const text = typeof value === "number" ? numberToText(value, what) : value.trim();
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    throw new MoneyError(`${what}: ${text} is not a whole number of minor units`);
  }
  if (!/^[+-]?\d+$/.test(text)) throw new MoneyError(`${what}: "${text}" is not a whole number of minor units`);
  return { amount: BigInt(text), currency: code };
}

/** Money → decimal string with exactly the currency's number of decimals ("12.30", "-0.05", "1000"). */
export function formatAmount(money: Money): string {
  const exponent = currencyExponent(money.currency);
  const negative = money.amount < 0n;
  const digits = (negative ? -money.amount : money.amount).toString();
  if (exponent === 0) return (negative ? "-" : "") + digits;
  const padded = digits.padStart(exponent + 1, "0");
  const text = `${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
  return (negative ? "-" : "") + text;
}

/** Money → shortest exact decimal string ("10", "10.5"): what Cardepass request bodies carry. */
export function formatAmountPlain(money: Money): string {
  const text = formatAmount(money);
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

export function moneyToJson(money: Money): MoneyJson {
  return { amount: formatAmount(money), currency: money.currency };
}

export function moneyFromJson(json: MoneyJson): Money {
  return parseMoney(json.amount, json.currency);
}

export function isMoney(value: unknown): value is Money {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Money).amount === "bigint" &&
    typeof (value as Money).currency === "string" &&
    Object.keys(value).length === 2
  );
}

/** JSON.stringify replacer: Money → {"amount":"12.34","currency":"USD"}, other bigints → string. */
export function moneyJsonReplacer(_key: string, value: unknown): unknown {
  if (isMoney(value)) return moneyToJson(value);
  if (typeof value === "bigint") return value.toString();
  return value;
}

export function stringifyWithMoney(value: unknown, space?: number): string {
  return JSON.stringify(value, moneyJsonReplacer, space);
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new MoneyError(`cannot combine ${a.currency} and ${b.currency}`);
}

export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { amount: a.amount + b.amount, currency: a.currency };
}

export function subtractMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { amount: a.amount - b.amount, currency: a.currency };
}

export function negateMoney(a: Money): Money {
  return { amount: -a.amount, currency: a.currency };
}

export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b);
  return a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0;
}

export function zeroMoney(currency: string): Money {
  return { amount: 0n, currency: normalizeCurrency(currency) };
}

let knownCurrencies: ReadonlySet<string> | null = null;

/**
 * Whether an upper-case three-letter code is an ISO 4217 currency in use, as the runtime's ICU data lists them
 * (`Intl.supportedValuesOf("currency")`: Node and current browsers). A runtime without that list accepts any code
 * here, and the server, which always has it, decides.
 */
export function isKnownCurrency(code: string): boolean {
  if (typeof Intl.supportedValuesOf !== "function") return /^[A-Z]{3}$/.test(code);
  knownCurrencies ??= new Set(Intl.supportedValuesOf("currency"));
  return knownCurrencies.has(code);
}
