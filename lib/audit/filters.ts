import { z } from "zod";
import { dropInvertedDateRange, INVALID_PAGE, parseEachParam, type IgnoredParam, type RawSearchParams } from "@/lib/lists/search-params";
import { utcDayParam } from "@/lib/lists/utc-day";
import { AUDIT_ACTIONS } from "./actions";
import { AUDIT_TARGET_TYPES, type AuditTargetType } from "./event-catalog";

export type { RawSearchParams } from "@/lib/lists/search-params";

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_OUTCOMES = ["success", "denied", "failure"] as const;

/** The filter bar's labels, so a notice names a parameter as the page does. */
const FIELD_LABELS = {
  actor: "Actor",
  action: "Event",
  outcome: "Outcome",
  targetType: "Target type",
  targetId: "Target id",
  from: "From",
  to: "To",
  before: "Page",
  after: "Page",
} as const;
export type AuditFilterField = keyof typeof FIELD_LABELS;

const TARGET_TYPES = AUDIT_TARGET_TYPES.map((type) => type.value) as [AuditTargetType, ...AuditTargetType[]];

const text = (message: string, max: number) => z.string().trim().max(max, message);

const cursor = z
  .string()
  .regex(/^\d{1,18}$/, INVALID_PAGE)
  .transform((value) => BigInt(value));

/** The audit page's and the CSV export's query string. Every value arrives as text the user (or a link) chose. */
const FIELD_SCHEMAS = {
  actor: text("Actor is at most 320 characters; it was ignored.", 320),
  action: z.enum(AUDIT_ACTIONS, { message: "Unknown event; showing every event." }),
  outcome: z.enum(AUDIT_OUTCOMES, { message: "Unknown outcome; showing every outcome." }),
  // Only a type the filter bar offers: another would filter the list while the select read "Any target".
  targetType: z
    .string()
    .trim()
    .pipe(z.enum(TARGET_TYPES, { message: "Unknown target type; showing every target." })),
  targetId: text("Target id is at most 200 characters; it was ignored.", 200),
  from: utcDayParam("From"),
  to: utcDayParam("To"),
  before: cursor,
  after: cursor,
} satisfies Record<AuditFilterField, z.ZodType>;

export type AuditFilters = {
  actor?: string;
  action?: (typeof AUDIT_ACTIONS)[number];
  outcome?: (typeof AUDIT_OUTCOMES)[number];
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
};
export type AuditCursor = { before?: bigint; after?: bigint };

export type ParsedAuditSearch = { filters: AuditFilters; cursor: AuditCursor; ignored: IgnoredParam<AuditFilterField>[] };

/**
 * Every query parameter on its own, as on every other list: a bad one is dropped with a notice and the rest still
 * apply. Repeated parameters keep their first value; empty ones count as absent (an untouched form field).
 */
export function parseAuditSearch(raw: RawSearchParams | URLSearchParams): ParsedAuditSearch {
  const { values, ignored } = parseEachParam(raw, FIELD_SCHEMAS, FIELD_LABELS);
  dropInvertedDateRange(values, ignored);
  const { before, after, ...filters } = values;
  return { filters, cursor: { before, after }, ignored };
}

/** The applied filters as the filter bar's values: a dropped value shows as "any", never as a filter in force. */
export function auditFilterValues(filters: AuditFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).filter((entry): entry is [string, string] => Boolean(entry[1])));
}

export { auditSearchString } from "./search-string";

/** UTC day bounds: "from" is inclusive from 00:00Z, "to" includes the whole day (exclusive next midnight). */
export function auditTimeRange(filters: Pick<AuditFilters, "from" | "to">): { from?: Date; toExclusive?: Date } {
  const from = filters.from ? new Date(`${filters.from}T00:00:00Z`) : undefined;
  const toExclusive = filters.to ? new Date(Date.parse(`${filters.to}T00:00:00Z`) + 86_400_000) : undefined;
  return { from, toExclusive };
}
