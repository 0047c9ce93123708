import { z } from "zod";
import { isKnownCurrency } from "@/lib/money";

export const CURRENCY_SHAPE_MESSAGE = "Enter a three-letter currency code such as USD.";
export const UNKNOWN_CURRENCY_MESSAGE = "Unknown currency code.";

/** A three-letter code typed or sent in any case and spacing, upper-cased; its shape only. */
export function currencyCodeShapeSchema() {
  return z.string({ error: CURRENCY_SHAPE_MESSAGE }).trim().toUpperCase().regex(/^[A-Z]{3}$/, CURRENCY_SHAPE_MESSAGE);
}

/**
 * An ISO 4217 currency in use (lib/money.ts isKnownCurrency). Checked on the currency field in the same pass as the
 * other fields, so a form shows every problem at once; a code of the wrong shape has only the shape's message. A code
 * that is not a currency must never reach a provider or a card's stored currency (its exponent would be guessed).
 */
export function currencyCodeSchema() {
  return currencyCodeShapeSchema().refine((code) => !/^[A-Z]{3}$/.test(code) || isKnownCurrency(code), UNKNOWN_CURRENCY_MESSAGE);
}
