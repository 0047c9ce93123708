import { z } from "zod";
import { FIRST_YEAR, LAST_YEAR, utcDayParam } from "@/lib/lists/utc-day";
import { hasUnsafeCharacters } from "@/lib/validation/safe-text";
import { AUDIT_ACTIONS } from "./actions";

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_OUTCOMES = ["success", "denied", "failure"] as const;

const optionalText = (label: string, max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .refine((value) => !hasUnsafeCharacters(value), `${label} contains characters that are not allowed.`)
    .optional()
    .transform((value) => (value ? value : undefined));

const utcDay = (label: string) =>
  utcDayParam({
    format: `${label} must be a date in the form YYYY-MM-DD.`,
    notReal: `${label} is not a real date.`,
    outOfRange: `${label} must be between ${FIRST_YEAR} and ${LAST_YEAR}.`,
  }).optional();

const cursor = z.string().regex(/^\d{1,18}$/, "The page link is not valid; start again from the first page.").optional();

/** The audit page's and the CSV export's query string. Every value arrives as text the user (or a link) chose. */
export const auditSearchSchema = z
  .object({
    actor: optionalText("Actor", 320, "Actor is at most 320 characters."),
    action: z.enum(AUDIT_ACTIONS, { message: "Choose an action from the list." }).optional(),
    outcome: z.enum(AUDIT_OUTCOMES, { message: "Outcome must be success, denied or failure." }).optional(),
    targetType: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, "Target type is a lower-case word such as card or request.")
      .optional(),
    targetId: optionalText("Target id", 200, "Target id is at most 200 characters."),
    from: utcDay("From"),
    to: utcDay("To"),
    before: cursor,
    after: cursor,
  })
  .refine((value) => !(value.from && value.to && value.from > value.to), { path: ["to"], message: "To must be on or after From." })
  .refine((value) => !(value.before && value.after), { path: ["before"], message: "The page link is not valid; start again from the first page." });

export type AuditSearch = z.output<typeof auditSearchSchema>;
export type AuditFilters = Partial<Omit<AuditSearch, "before" | "after">>;
export type AuditCursor = { before?: bigint; after?: bigint };
export type RawSearchParams = Record<string, string | string[] | undefined>;
export type AuditFilterField = keyof AuditSearch;

export type ParsedAuditSearch =
  | { ok: true; filters: AuditFilters; cursor: AuditCursor }
  | { ok: false; errors: Partial<Record<AuditFilterField, string>> };

const FIELDS = ["actor", "action", "outcome", "targetType", "targetId", "from", "to", "before", "after"] as const;

/** Repeated parameters keep their first value; empty ones count as absent (an untouched form field). */
export function normalizeSearchParams(raw: RawSearchParams | URLSearchParams): Partial<Record<AuditFilterField, string>> {
  const result: Partial<Record<AuditFilterField, string>> = {};
  for (const field of FIELDS) {
    const value = raw instanceof URLSearchParams ? raw.get(field) : raw[field];
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === "string" && first.trim() !== "") result[field] = first;
  }
  return result;
}

export function parseAuditSearch(raw: RawSearchParams | URLSearchParams): ParsedAuditSearch {
  const parsed = auditSearchSchema.safeParse(normalizeSearchParams(raw));
  if (!parsed.success) {
    const errors: Partial<Record<AuditFilterField, string>> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as AuditFilterField | undefined;
      if (field && !errors[field]) errors[field] = issue.message;
    }
    return { ok: false, errors };
  }
  const { before, after, ...filters } = parsed.data;
  return { ok: true, filters, cursor: { before: before ? BigInt(before) : undefined, after: after ? BigInt(after) : undefined } };
}

export { auditSearchString } from "./search-string";

/** UTC day bounds: "from" is inclusive from 00:00Z, "to" includes the whole day (exclusive next midnight). */
export function auditTimeRange(filters: Pick<AuditFilters, "from" | "to">): { from?: Date; toExclusive?: Date } {
  const from = filters.from ? new Date(`${filters.from}T00:00:00Z`) : undefined;
  const toExclusive = filters.to ? new Date(Date.parse(`${filters.to}T00:00:00Z`) + 86_400_000) : undefined;
  return { from, toExclusive };
}
