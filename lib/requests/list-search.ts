import { z } from "zod";
import { WAITING_ON_CARD_FILTER, type RequestCursor, type RequestListFilters } from "@/db/queries/requests";
import { REQUEST_KINDS, REQUEST_STATUSES } from "@/db/schema/requests";
import { cursorParam, dropInvertedDateRange, encodeCursor, parseEachParam, type IgnoredParam, type RawSearchParams } from "@/lib/lists/search-params";
import { cursorTimestamp } from "@/lib/lists/cursor-timestamp";
import { utcDayParam } from "@/lib/lists/utc-day";
import { REQUEST_TABS, type RequestTab } from "./schemas";
import { uuidSchema } from "@/lib/validation/uuid";

export const REQUEST_PAGE_SIZE = 25;

export type { RawSearchParams };

/** The filter bar's labels, so a notice names a parameter as the bar does. */
export const REQUEST_FIELD_LABELS = {
  tab: "Tab",
  status: "Status",
  kind: "Kind",
  requester: "Requested by",
  team: "Team",
  from: "From",
  to: "To",
  after: "Page",
  before: "Page",
} as const;
type Field = keyof typeof REQUEST_FIELD_LABELS;

const cursorText = cursorParam(z.object({ key: cursorTimestamp(), id: uuidSchema() }).strict());

const FIELD_SCHEMAS = {
  tab: z.enum(REQUEST_TABS, { message: "Unknown tab; showing the first one." }),
  status: z.enum([...REQUEST_STATUSES, WAITING_ON_CARD_FILTER], { message: "Unknown status; showing every status." }),
  kind: z.enum(REQUEST_KINDS, { message: "Unknown kind; showing every kind." }),
  requester: uuidSchema({ message: "Unknown requester; showing everybody's." }),
  team: uuidSchema({ message: "Unknown team; showing every team." }),
  from: utcDayParam("From"),
  to: utcDayParam("To"),
  after: cursorText,
  before: cursorText,
} satisfies Record<Field, z.ZodType>;

export type RequestSearch = {
  tab?: RequestTab;
  filters: RequestListFilters;
  after?: RequestCursor;
  before?: RequestCursor;
  ignored: IgnoredParam<Field>[];
};

/** Each parameter on its own: a bad one is dropped with a notice, the rest still apply. */
export function parseRequestSearch(raw: RawSearchParams): RequestSearch {
  const { values, ignored } = parseEachParam(raw, FIELD_SCHEMAS, REQUEST_FIELD_LABELS);
  dropInvertedDateRange(values, ignored);
  const filters: RequestListFilters = {};
  if (values.status) filters.status = values.status;
  if (values.kind) filters.kind = values.kind;
  if (values.requester) filters.requesterUserId = values.requester;
  if (values.team) filters.teamId = values.team;
  if (values.from) filters.from = values.from;
  if (values.to) filters.to = values.to;
  return { tab: values.tab, filters, after: values.after, before: values.before, ignored };
}

export const encodeRequestCursor: (cursor: RequestCursor) => string = encodeCursor;

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
