import { z } from "zod";
import { decodeStatementCursor, type StatementCursor } from "@/db/queries/statements";
import type { StatementSource } from "@/db/schema/provider-statements";
import { dropInvertedDateRange, INVALID_PAGE, parseEachParam, type IgnoredParam, type RawSearchParams } from "@/lib/lists/search-params";
import { utcDayParam } from "@/lib/lists/utc-day";
import { uuidSchema } from "@/lib/validation/uuid";

/** What a statement list is filtered by, as it stands in the URL. */
export type StatementSearch = {
  account: string | null;
  card: string | null;
  /**
   * Which ledger: "card" (the card's own lines) or "account" (the funding account's). A card's statement is always one
   * (its own by default, see statementSource); an account's holds both unless one is chosen.
   */
  source: StatementSource | null;
  from: string | null;
  to: string | null;
  type: string | null;
  cursor: StatementCursor | null;
};

const FIELD_LABELS = {
  account: "Account",
  card: "Card",
  source: "Ledger",
  from: "From",
  to: "To",
  type: "Type",
  cursor: "Page",
} as const;
type StatementSearchField = keyof typeof FIELD_LABELS;

const FIELD_SCHEMAS = {
  account: uuidSchema({ message: "This is not an account's id; it was ignored." }),
  card: uuidSchema({ message: "This is not a card's id; it was ignored." }),
  source: z.enum(["card", "account"], { message: "Unknown ledger; it was ignored." }),
  from: utcDayParam("From"),
  to: utcDayParam("To"),
  // Provider type names are short identifiers (AccountTopUp, TOPUP_CARD); nothing else is a useful filter.
  type: z.string().regex(/^[A-Za-z0-9_]{1,64}$/, "A type is a provider's name for a line, such as AccountTopUp; showing every type."),
  cursor: z.string().transform((value, context): StatementCursor => {
    const cursor = decodeStatementCursor(value);
    if (cursor) return cursor;
    context.addIssue({ code: "custom", message: INVALID_PAGE });
    return z.NEVER;
  }),
} satisfies Record<StatementSearchField, z.ZodType>;

export type StatementSearchResult = { search: StatementSearch; ignored: IgnoredParam<StatementSearchField>[] };

/** A bad value is ignored with a notice that says which one and why, never an error page (as on every list). */
export function parseStatementSearch(raw: RawSearchParams | URLSearchParams): StatementSearchResult {
  const { values, ignored } = parseEachParam(raw, FIELD_SCHEMAS, FIELD_LABELS);
  dropInvertedDateRange(values, ignored);
  const search: StatementSearch = {
    account: values.account ?? null,
    card: values.card ?? null,
    source: values.source ?? null,
    from: values.from ?? null,
    to: values.to ?? null,
    type: values.type ?? null,
    cursor: values.cursor ?? null,
  };
  return { search, ignored };
}

/** The ledger a search lists: a card's own lines unless the funding account's lines for it are asked for. */
export function statementSource(search: Pick<StatementSearch, "card" | "source">): StatementSource | undefined {
  return search.card ? (search.source ?? "card") : (search.source ?? undefined);
}

/** Inclusive calendar dates (UTC) → [from, until) instants. */
export function dateBounds(search: Pick<StatementSearch, "from" | "to">): { from?: Date; until?: Date } {
  return {
    from: search.from ? new Date(`${search.from}T00:00:00.000Z`) : undefined,
    until: search.to ? new Date(new Date(`${search.to}T00:00:00.000Z`).getTime() + 86_400_000) : undefined,
  };
}

/** The URL query of a search (without the page position unless given), for links and the export. */
export function statementQuery(search: Omit<StatementSearch, "cursor">, cursor?: string): string {
  const params = new URLSearchParams();
  for (const key of ["account", "card", "source", "from", "to", "type"] as const) {
    const value = search[key];
    if (value) params.set(key, value);
  }
  if (cursor) params.set("cursor", cursor);
  return params.toString();
}
