/** Pure helpers shared by the three transform.ts files. No I/O. */
import type { z } from "zod";
import { moneyFromMinor, parseMoney, type Money } from "@/lib/money";
import { parseProviderTime } from "@/lib/time";
import { ProviderError, providerLabel } from "@/lib/providers/errors";
import type { ProviderName, SkippedTransaction, Transaction } from "@/lib/providers/types";

/** An answer we cannot read. Not retryable: the same request gives the same body. */
export function malformed(provider: ProviderName, detail: string, responseId?: string): ProviderError {
  return new ProviderError("unknown", {
    provider,
    responseId,
    message: `${providerLabel(provider)} sent an answer that could not be read (${detail}).`,
  });
}

export function parseWire<S extends z.ZodType>(
  provider: ProviderName,
  schema: S,
  value: unknown,
  what: string,
  responseId?: string,
): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const first = result.error.issues.slice(0, 3).map((i) => `${i.path.join(".") || "body"}: ${i.message}`);
  throw malformed(provider, `${what}: ${first.join("; ")}`, responseId);
}

export type Amountish = number | string | null | undefined;

/** Major-unit wire amount → Money; null/"" → null. Errors name the field, never float-round. */
export function majorOrNull(provider: ProviderName, value: Amountish, currency: string, field: string): Money | null {
  if (value === null || value === undefined || value === "") return null;
  try {
    return parseMoney(value, currency, field);
  } catch (error) {
    throw malformed(provider, withField(field, error));
  }
}

function withField(field: string, error: unknown): string {
  const message = error instanceof Error ? error.message : "not an amount";
  return message.startsWith(field) ? message : `${field}: ${message}`;
}

export function major(provider: ProviderName, value: Amountish, currency: string, field: string): Money {
  const money = majorOrNull(provider, value, currency, field);
  if (!money) throw malformed(provider, `${field} is missing`);
  return money;
}

/** Integer minor-unit wire amount (NobePay cents) → Money; null → null. */
export function minorOrNull(provider: ProviderName, value: Amountish, currency: string, field: string): Money | null {
  if (value === null || value === undefined || value === "") return null;
  try {
    return moneyFromMinor(value, currency, field);
  } catch (error) {
    throw malformed(provider, withField(field, error));
  }
}

export function timeOrNull(provider: ProviderName, value: unknown, timeZone: string, field: string): Date | null {
  try {
    return parseProviderTime(value, timeZone);
  } catch {
    throw malformed(provider, `${field} "${String(value)}" is not a time`);
  }
}

export function absMoney(money: Money): Money {
  return money.amount < 0n ? { amount: -money.amount, currency: money.currency } : money;
}

/** Security boundary: reduce anything number-like to first 6 + ****** + last 4. */
export function maskNumber(value: string | null | undefined): string | null {
  if (!value) return null;
  const digits = value.replace(/[\s-]/g, "");
  if (/^\d{12,19}$/.test(digits)) return `${digits.slice(0, 6)}******${digits.slice(-4)}`;
  // Already masked by the provider ("436797******9343", "556735XXXXXX0737"): keep only 6 + 4.
  const m = /^(\d{6})[\dX*x]*?(\d{4})$/.exec(digits);
  if (m && /[X*x]/.test(digits)) return `${m[1]}******${m[2]}`;
  return null;
}

export function last4Of(value: string | null | undefined): string | null {
  if (!value) return null;
  const m = /(\d{4})$/.exec(value.trim());
  return m ? m[1]! : null;
}

export function textOrNull(value: unknown): string | null {
  if (typeof value !== "string") return typeof value === "number" ? String(value) : null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

/** "04/2028", "03/28", "4/28" → month/year; null when absent or unreadable. */
export function parseExpiry(value: string | null | undefined): { month: number; year: number } | null {
  const m = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(value ?? "");
  if (!m) return null;
  const month = Number(m[1]);
  const year = m[2]!.length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
  return month >= 1 && month <= 12 ? { month, year } : null;
}

/** "YYYY-MM-DD" query parameter, validated; a bad value is the caller's invalid_request. */
export function dateParam(provider: ProviderName, value: string | undefined, field: string): string | undefined {
  if (value === undefined || value === "") return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const d = new Date(`${value}T00:00:00Z`);
    if (!Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value) return value;
  }
  throw new ProviderError("invalid_request", {
    provider,
    message: `The ${field} date "${value}" is not a real date in the form YYYY-MM-DD.`,
  });
}

/** A decimal fee rate on the wire (0.015 = 1.5%) → exact parts per million; null/"" → null. */
export function rateToPpmOrNull(provider: ProviderName, value: Amountish, field: string): number | null {
  if (value === null || value === undefined || value === "") return null;
  const text = String(value).trim();
  const match = /^(\d+)(?:\.(\d*?)0*)?$/.exec(text);
  if (!match || (match[2] ?? "").length > 6) throw malformed(provider, `${field}: "${text}" is not a rate with at most 6 decimals`);
  const ppm = Number(match[1]) * 1_000_000 + Number((match[2] ?? "").padEnd(6, "0") || "0");
  if (ppm > 1_000_000) throw malformed(provider, `${field}: ${text} is above 100%`);
  return ppm;
}

/**
 * MONEY: reads a list's transactions one by one. A row that cannot be read exactly (say "1.234" for USD, or an amount in
 * no known currency) is not stored as some other sum, nor does it stop the page: it is left out with the adapter's
 * reason, for the sync to count and report, and the rows around it are kept. Only unreadable rows (ProviderError) are
 * set aside; anything else is a bug and still fails the page.
 */
export function readTransactionRows(
  rows: readonly unknown[],
  read: (raw: unknown) => Transaction,
  idOf: (raw: unknown) => unknown,
): { items: Transaction[]; skipped: SkippedTransaction[] } {
  const items: Transaction[] = [];
  const skipped: SkippedTransaction[] = [];
  for (const raw of rows) {
    try {
      items.push(read(raw));
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      const id = typeof raw === "object" && raw !== null ? textOrNull(idOf(raw)) : null;
      skipped.push({ providerTransactionId: id, reason: error.message });
    }
  }
  return { items, skipped };
}
