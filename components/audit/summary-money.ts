import { formatMoney } from "@/lib/format";
import { recordedText } from "./recorded-values";

/** Minor units recorded as a number or a string, with their currency, as "$20.00"; null when either is missing. */
export function summaryMoney(amount: unknown, currency: unknown): string | null {
  const minor = typeof amount === "number" && Number.isInteger(amount) ? BigInt(amount) : typeof amount === "string" && /^-?\d+$/.test(amount) ? BigInt(amount) : null;
  const code = recordedText(currency);
  return minor !== null && code && /^[A-Za-z]{3}$/.test(code) ? formatMoney(minor, code.toUpperCase()) : null;
}
