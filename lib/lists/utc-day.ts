import { z } from "zod";

/**
 * The "YYYY-MM-DD" day every list filters by (transactions, requests, statements, audit), read as a UTC day.
 */

// The years the database and every date format agree on; 0000 and 9999 reach neither (no year 0, no day after).
export const FIRST_YEAR = 1970;
export const LAST_YEAR = 2999;

export type UtcDayProblem = "format" | "notReal" | "outOfRange";

/** Why `value` is not a day a list can filter by, or null when it is one. */
export function utcDayProblem(value: string): UtcDayProblem | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return "format";
  const time = Date.parse(`${value}T00:00:00Z`);
  if (!Number.isFinite(time) || new Date(time).toISOString().slice(0, 10) !== value) return "notReal";
  const year = Number(value.slice(0, 4));
  return year >= FIRST_YEAR && year <= LAST_YEAR ? null : "outOfRange";
}

/** A day parameter (trimmed), refused in the words every list uses, e.g. "From is not a real date; it was ignored." */
export function utcDayParam(label: string) {
  const messages: Record<UtcDayProblem, string> = {
    format: `${label} must be a date like 2026-01-31; it was ignored.`,
    notReal: `${label} is not a real date; it was ignored.`,
    outOfRange: `${label} must be between ${FIRST_YEAR} and ${LAST_YEAR}; it was ignored.`,
  };
  return z
    .string()
    .trim()
    .superRefine((value, context) => {
      const problem = utcDayProblem(value);
      if (problem) context.addIssue({ code: "custom", message: messages[problem] });
    });
}
