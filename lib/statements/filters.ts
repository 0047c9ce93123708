import { z } from "zod";
import { decodeStatementCursor, type StatementCursor } from "@/db/queries/statements";
import type { StatementSource } from "@/db/schema/provider-statements";
import { utcDayProblem } from "@/lib/lists/utc-day";
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

// pick() writes its own notice, so the day's reasons are not shown.
const isoDay = z.string().refine((value) => utcDayProblem(value) === null);
const uuid = uuidSchema();
// Provider type names are short identifiers (AccountTopUp, TOPUP_CARD); nothing else is a useful filter.
const typeName = z.string().regex(/^[A-Za-z0-9_]{1,64}$/);
const sourceName = z.enum(["card", "account"]);

export type StatementSearchResult = { search: StatementSearch; notices: string[] };

/** A bad value is ignored with a notice that says which one, never an error page. */
export function parseStatementSearch(params: URLSearchParams): StatementSearchResult {
  const notices: string[] = [];
  const pick = <T>(name: string, schema: z.ZodType<T>, label: string): T | null => {
    const raw = params.get(name);
    if (raw === null || raw === "") return null;
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    notices.push(`${label} "${raw.slice(0, 40)}" is not valid and was ignored.`);
    return null;
  };
  const search: StatementSearch = {
    account: pick("account", uuid, "The account"),
    card: pick("card", uuid, "The card"),
    source: pick("source", sourceName, "The ledger"),
    from: pick("from", isoDay, "The start date"),
    to: pick("to", isoDay, "The end date"),
    type: pick("type", typeName, "The type"),
    cursor: null,
  };
  const cursor = params.get("cursor");
  if (cursor) {
    search.cursor = decodeStatementCursor(cursor);
    if (!search.cursor) notices.push("The page position is not valid; showing the first page.");
  }
  if (search.from && search.to && search.from > search.to) {
    notices.push("The start date is after the end date; the dates were ignored.");
    search.from = null;
    search.to = null;
  }
  return { search, notices };
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
