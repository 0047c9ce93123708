import { z } from "zod";
import type { PeopleCursor } from "@/db/queries/people";
import { cursorParam, encodeCursor, parseEachParam, type IgnoredParam, type RawSearchParams } from "@/lib/lists/search-params";
import { uuidSchema } from "@/lib/validation/uuid";

export const PEOPLE_PAGE_SIZE = 50;

const FIELD_LABELS = { q: "Search", after: "Page", before: "Page" } as const;

// A name is at most 200 characters and an email 320 (lib/users/schemas.ts), so a cursor never needs more.
const cursorText = cursorParam(z.object({ name: z.string().max(200), email: z.string().max(320), id: uuidSchema() }).strict());

const FIELD_SCHEMAS = {
  q: z.string().trim().max(100, "The search was longer than 100 characters, so it was ignored."),
  after: cursorText,
  before: cursorText,
};

export type PeopleSearch = { q?: string; after?: PeopleCursor; before?: PeopleCursor; ignored: IgnoredParam<keyof typeof FIELD_LABELS>[] };

/** The people settings list's query string: each parameter on its own, a bad one dropped with a notice. */
export function parsePeopleSearch(raw: RawSearchParams): PeopleSearch {
  const { values, ignored } = parseEachParam(raw, FIELD_SCHEMAS, FIELD_LABELS);
  return { q: values.q || undefined, after: values.after, before: values.before, ignored };
}

/** Search (+ a page cursor) → "?…", or "" for the first page of everyone. */
export function peopleSearchString(q: string | undefined, page: { after?: PeopleCursor; before?: PeopleCursor } = {}): string {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (page.after) params.set("after", encodeCursor(page.after));
  if (page.before) params.set("before", encodeCursor(page.before));
  const text = params.toString();
  return text ? `?${text}` : "";
}
