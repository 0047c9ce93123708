import { z } from "zod";
import { CARD_SORT_FIELDS, type CardCursor, type CardListFilters, type CardSort, type CardSortField } from "@/db/queries/cards";
import { CARD_STATUSES, PROVIDER_NAMES } from "@/lib/providers/types";
import { cursorParam, encodeCursor, firstParam, INVALID_PAGE, parseEachParam, type IgnoredParam, type RawSearchParams } from "@/lib/lists/search-params";
import { hasUnsafeCharacters } from "@/lib/validation/safe-text";
import { uuidSchema } from "@/lib/validation/uuid";

export const CARD_PAGE_SIZE = 25;
export const DEFAULT_CARD_SORT: CardSort = { field: "created", direction: "desc" };

export type { RawSearchParams };

/** The filter bar's labels, so a notice names a parameter as the bar does. */
export const CARD_FIELD_LABELS = {
  provider: "Provider",
  status: "Status",
  owner: "Owner",
  team: "Team",
  currency: "Currency",
  q: "Search",
  sort: "Sort",
  dir: "Order",
  after: "Page",
  before: "Page",
} as const;
export type CardSearchField = keyof typeof CARD_FIELD_LABELS;

const cursorText = cursorParam(z.object({ key: z.string().max(200), id: uuidSchema() }).strict());

const FIELD_SCHEMAS = {
  provider: z.enum(PROVIDER_NAMES, { message: "Unknown provider; showing every provider." }),
  status: z.enum(CARD_STATUSES, { message: "Unknown status; showing every status." }),
  owner: uuidSchema({ message: "Unknown owner; showing every owner." }),
  team: uuidSchema({ message: "Unknown team; showing every team." }),
  currency: z.string().regex(/^[A-Za-z]{3}$/, "A currency is a 3-letter code such as USD; showing every currency.").transform((value) => value.toUpperCase()),
  q: z.string().trim().max(100, "Search is at most 100 characters; the search was ignored."),
  sort: z.enum(CARD_SORT_FIELDS, { message: "Unknown sort; sorted by date created." }),
  dir: z.enum(["asc", "desc"], { message: "Unknown order; newest first." }),
  after: cursorText,
  before: cursorText,
} satisfies Record<CardSearchField, z.ZodType>;

/** A cursor's key must be a value of the column the list is sorted by, or the database would be handed nonsense. */
const CURSOR_KEYS: Record<CardSort["field"], z.ZodType> = {
  created: z.iso.datetime().refine((value) => {
    const year = Number(value.slice(0, 4));
    return year >= 1970 && year <= 9998;
  }),
  alias: z.string().max(200),
  balance: z.string().refine((value) => /^-?\d{1,19}$/.test(value) && BigInt(value) >= -(2n ** 63n) && BigInt(value) < 2n ** 63n),
};

export type CardSearch = {
  filters: CardListFilters;
  sort: CardSort;
  after?: CardCursor;
  before?: CardCursor;
  /** The values that were dropped, each with why, for a visible notice. */
  ignored: IgnoredParam<CardSearchField>[];
};

/** Validates every query parameter on its own: a bad one is dropped with a notice, the rest still apply. */
export function parseCardSearch(raw: RawSearchParams | URLSearchParams): CardSearch {
  const { values, ignored } = parseEachParam(raw, FIELD_SCHEMAS, CARD_FIELD_LABELS);
  // The no-JavaScript form sends its "Sort by" choice as one "order=field:direction" value.
  const order = firstParam(raw, "order")?.split(":");
  if (!values.sort && order && order.length === 2) {
    const sort = FIELD_SCHEMAS.sort.safeParse(order[0]);
    const dir = FIELD_SCHEMAS.dir.safeParse(order[1]);
    if (sort.success && dir.success) {
      values.sort = sort.data;
      values.dir = dir.data;
    }
  }
  const sortField = values.sort ?? DEFAULT_CARD_SORT.field;
  for (const field of ["after", "before"] as const) {
    const cursor = values[field];
    if (cursor && (hasUnsafeCharacters(cursor.key) || !CURSOR_KEYS[sortField].safeParse(cursor.key).success)) {
      ignored.push({ field, label: CARD_FIELD_LABELS[field], message: INVALID_PAGE });
      delete values[field];
    }
  }
  const filters: CardListFilters = {};
  if (values.provider) filters.provider = values.provider;
  if (values.status) filters.status = values.status;
  if (values.owner) filters.ownerUserId = values.owner;
  if (values.team) filters.teamId = values.team;
  if (values.currency) filters.currency = values.currency;
  if (values.q) filters.q = values.q;
  return {
    filters,
    sort: { field: values.sort ?? DEFAULT_CARD_SORT.field, direction: values.dir ?? (values.sort === "alias" ? "asc" : "desc") },
    after: values.after,
    before: values.before,
    ignored,
  };
}

export const encodeCardCursor: (cursor: CardCursor) => string = encodeCursor;

/** Filters + sort (+ a page cursor) → "?…" for links; defaults are left out so URLs stay short. */
export function cardSearchString(search: Pick<CardSearch, "filters" | "sort">, page: { after?: CardCursor; before?: CardCursor } = {}): string {
  const { filters, sort } = search;
  const params = new URLSearchParams();
  if (filters.q) params.set("q", filters.q);
  if (filters.provider) params.set("provider", filters.provider);
  if (filters.status) params.set("status", filters.status);
  if (filters.ownerUserId) params.set("owner", filters.ownerUserId);
  if (filters.teamId) params.set("team", filters.teamId);
  if (filters.currency) params.set("currency", filters.currency);
  if (sort.field !== DEFAULT_CARD_SORT.field || sort.direction !== DEFAULT_CARD_SORT.direction) {
    params.set("sort", sort.field);
    params.set("dir", sort.direction);
  }
  if (page.after) params.set("after", encodeCardCursor(page.after));
  if (page.before) params.set("before", encodeCardCursor(page.before));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** Where each sortable column's heading leads: its own sort, reversed when it is already the one in use. */
export type CardSortLinks = Record<CardSortField, { href: string; next: "asc" | "desc" }>;

export function cardSortLinks(search: Pick<CardSearch, "filters" | "sort">): CardSortLinks {
  const link = (field: CardSortField) => {
    const active = search.sort.field === field;
    const next = active ? (search.sort.direction === "asc" ? "desc" : "asc") : field === "alias" ? "asc" : "desc";
    return { href: `/cards${cardSearchString({ filters: search.filters, sort: { field, direction: next } })}`, next } as const;
  };
  return { alias: link("alias"), balance: link("balance"), created: link("created") };
}

/**
 * A balance sort ranks the cards of one currency (see cardPageQuery). Without a currency filter the list ranks the
 * first of `currencies`: those of the cards the viewer may see (listVisibleCardCurrencies), so a cardholder is never
 * shown a currency none of their cards is in. `choseCurrency` says so when there was more than one to choose from;
 * every link of the page then carries that currency, so the next page ranks the same cards.
 */
export function rankBalancesInOneCurrency(search: CardSearch, currencies: readonly string[]): { search: CardSearch; choseCurrency: string | null } {
  if (search.sort.field !== "balance" || search.filters.currency) return { search, choseCurrency: null };
  const [first] = currencies;
  // No card in any currency yet: there is nothing to rank, and the list is empty whatever its order.
  if (!first) return { search: { ...search, sort: DEFAULT_CARD_SORT, after: undefined, before: undefined }, choseCurrency: null };
  return { search: { ...search, filters: { ...search.filters, currency: first } }, choseCurrency: currencies.length > 1 ? first : null };
}
