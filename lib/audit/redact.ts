const SECRET_KEY = /(card_?no|card_?number|^number$|^pan$|cvv|cvc|^pin$|password|secret|token|^key$|credentials)/i;
const LONG_DIGITS = /\d{12,19}/g;

/**
 * Audit summaries must never hold a secret. Callers pass only what they mean to record, and this is the
 * second line: secret-named keys are dropped and anything that looks like a card number is masked.
 */
export function redactSummary(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return value.replace(LONG_DIGITS, (digits) => `${digits.slice(0, 6)}…${digits.slice(-4)}`);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(redactSummary);
  if (value && typeof value === "object") {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      result[key] = SECRET_KEY.test(key) ? "[redacted]" : redactSummary(item);
    }
    return result;
  }
  return value;
}
