import type { Prng } from "./prng";

export function luhnCheckDigit(partial: string): number {
  let sum = 0;
  // Walk from the right; the check digit will sit to the right of `partial`, so double the first.
  for (let i = partial.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = Number(partial[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function isLuhnValid(number: string): boolean {
  if (!/^\d{12,19}$/.test(number)) return false;
  return luhnCheckDigit(number.slice(0, -1)) === Number(number.slice(-1));
}

/** A Luhn-valid card number starting with `bin`, unique against `taken`. */
export function generateCardNumber(rng: Prng, bin: string, length: number, taken: Set<string>): string {
  for (;;) {
    const body = bin + rng.digits(length - bin.length - 1);
    const number = body + String(luhnCheckDigit(body));
    if (!taken.has(number)) {
      taken.add(number);
      return number;
    }
  }
}

export function maskCardNumber(number: string, maskChar = "*"): string {
  return number.slice(0, 6) + maskChar.repeat(number.length - 10) + number.slice(-4);
}
