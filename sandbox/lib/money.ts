/**
 * Money inside the sandbox is integer minor units. These helpers are the only place where wire
 * values (decimal strings, JSON numbers in major units) are converted.
 */
const EXPONENTS: Record<string, number> = { JPY: 0, KRW: 0, VND: 0 };

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
}

/** Parses "12.34", "10", 12.5 into minor units; null when not a valid non-negative amount. */
export function parseMajor(value: unknown, exponent = 2): number | null {
  let text: string;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return null;
    text = value.toFixed(exponent + 2);
  } else if (typeof value === "string") {
    text = value.trim();
  } else {
    return null;
  }
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return null;
  const whole = match[1] ?? "0";
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  if (fraction.length > exponent) return null;
  const minor = Number(whole) * 10 ** exponent + Number(fraction.padEnd(exponent, "0") || "0");
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Minor units to a JSON number in major units (e.g. 1234 -> 12.34). */
export function toMajor(minor: number, exponent = 2): number {
  return Number((minor / 10 ** exponent).toFixed(exponent));
}

export function formatMajor(minor: number, exponent = 2): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  if (exponent === 0) return sign + String(abs);
  const s = String(abs).padStart(exponent + 1, "0");
  return `${sign}${s.slice(0, -exponent)}.${s.slice(-exponent)}`;
}

/** Parses an integer amount in cents given as a number or numeric string (NobePay). */
export function parseCents(value: unknown): number | null {
  if (typeof value === "number" && Number.isSafeInteger(value)) return value;
  if (typeof value === "string" && /^-?\d+$/.test(value.trim())) {
    const n = Number(value.trim());
    return Number.isSafeInteger(n) ? n : null;
  }
  return null;
}
