import { z } from "zod";
import type { RequestCursor, RequestListFilters } from "@/db/queries/requests";
import { REQUEST_KINDS, REQUEST_STATUSES } from "@/db/schema/requests";
import { REQUEST_TABS, type RequestTab } from "./schemas";

export const REQUEST_PAGE_SIZE = 25;

export type RawSearchParams = Record<string, string | string[] | undefined>;

const FIELD_LABELS = {
  tab: "Tab",
  status: "Status",
  kind: "Kind",
  requester: "Requester",
  team: "Team",
  from: "From",
  to: "To",
  after: "Page",
  before: "Page",
} as const;
type Field = keyof typeof FIELD_LABELS;

const cursorText = z
  .string()
  .max(400)
  .transform((value, context) => {
    try {
      const parsed = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as unknown;
      const result = z.object({ key: z.iso.datetime(), id: z.uuid() }).strict().safeParse(parsed);
      if (result.success) return result.data;
    } catch {
      // fall through to the issue below
    }
    context.addIssue({ code: "custom", message: "The page link is not valid, so the first page is shown." });
    return z.NEVER;
  });

const FIELD_SCHEMAS = {
  tab: z.enum(REQUEST_TABS, { message: "Unknown tab; showing the first one." }),
  status: z.enum(REQUEST_STATUSES, { message: "Unknown status; showing every status." }),
  kind: z.enum(REQUEST_KINDS, { message: "Unknown kind; showing every kind." }),
  requester: z.uuid({ message: "Unknown requester; showing everybody's." }),
  team: z.uuid({ message: "Unknown team; showing every team." }),
  from: z.iso.date({ message: "A date is written 2026-12-31; the start date was ignored." }),
  to: z.iso.date({ message: "A date is written 2026-12-31; the end date was ignored." }),
  after: cursorText,
  before: cursorText,
} satisfies Record<Field, z.ZodType>;

export type RequestSearch = {
  tab?: RequestTab;
  filters: RequestListFilters;
  after?: RequestCursor;
  before?: RequestCursor;
  ignored: { field: Field; label: string; message: string }[];
};

function first(raw: RawSearchParams, field: string): string | undefined {
  const value = raw[field];
  const text = Array.isArray(value) ? value[0] : value;
  return typeof text === "string" && text.trim() !== "" ? text : undefined;
}

/** Each parameter on its own: a bad one is dropped with a notice, the rest still apply. */
export function parseRequestSearch(raw: RawSearchParams): RequestSearch {
  const ignored: RequestSearch["ignored"] = [];
  const values: Record<string, unknown> = {};
  for (const field of Object.keys(FIELD_SCHEMAS) as Field[]) {
    const text = first(raw, field);
    if (text === undefined) continue;
    const result = FIELD_SCHEMAS[field].safeParse(text);
    if (result.success) values[field] = result.data;
    else ignored.push({ field, label: FIELD_LABELS[field], message: result.error.issues[0]?.message ?? "Ignored." });
  }
  if (values.after && values.before) {
    ignored.push({ field: "before", label: "Page", message: "The page link is not valid, so the first page is shown." });
    delete values.after;
    delete values.before;
  }
  if (typeof values.from === "string" && typeof values.to === "string" && values.from > values.to) {
    ignored.push({ field: "to", label: "To", message: "The end date was before the start date and was ignored." });
    delete values.to;
  }
  const filters: RequestListFilters = {};
  if (values.status) filters.status = values.status as RequestListFilters["status"];
  if (values.kind) filters.kind = values.kind as RequestListFilters["kind"];
  if (values.requester) filters.requesterUserId = values.requester as string;
  if (values.team) filters.teamId = values.team as string;
  if (values.from) filters.from = values.from as string;
  if (values.to) filters.to = values.to as string;
  return { tab: values.tab as RequestTab | undefined, filters, after: values.after as RequestCursor | undefined, before: values.before as RequestCursor | undefined, ignored };
}

export function encodeRequestCursor(cursor: RequestCursor): string {
  return Buffer.from(JSON.stringify(cursor), "utf8").toString("base64url");
}

/** Tab + filters (+ a page cursor) → "?…", defaults left out. */
export function requestSearchString(tab: RequestTab, filters: RequestListFilters, page: { after?: RequestCursor; before?: RequestCursor } = {}): string {
  const params = new URLSearchParams({ tab });
  if (filters.status) params.set("status", filters.status);
  if (filters.kind) params.set("kind", filters.kind);
  if (filters.requesterUserId) params.set("requester", filters.requesterUserId);
  if (filters.teamId) params.set("team", filters.teamId);
  if (filters.from) params.set("from", filters.from);
  if (filters.to) params.set("to", filters.to);
  if (page.after) params.set("after", encodeRequestCursor(page.after));
  if (page.before) params.set("before", encodeRequestCursor(page.before));
  return `?${params.toString()}`;
}
