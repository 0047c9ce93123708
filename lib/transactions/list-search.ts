import { z } from "zod";
import { LEDGER_STATUSES } from "@/db/schema/transactions";
import { PROVIDER_NAMES } from "@/lib/providers/types";
import { cursorParam, dropInvertedDateRange, encodeCursor, parseEachParam, type IgnoredParam, type RawSearchParams } from "@/lib/lists/search-params";
import { cursorTimestamp } from "@/lib/lists/cursor-timestamp";
import { utcDayParam } from "@/lib/lists/utc-day";
import type { TransactionCursor, TransactionFilters } from "@/db/queries/transactions";
import { uuidSchema } from "@/lib/validation/uuid";

export const TRANSACTION_PAGE_SIZE = 50;

/** The filter bar's labels, so a notice names a parameter as the bar does. */
export const TRANSACTION_FIELD_LABELS = {
  from: "From",
  to: "To",
  status: "Status",
  provider: "Provider",
  account: "Account",
  card: "Card",
  owner: "Cardholder",
  team: "Team",
  q: "Merchant",
  min: "Minimum amount",
  max: "Maximum amount",
  currency: "Currency",
  after: "Page",
  before: "Page",
} as const;
export type TransactionSearchField = keyof typeof TRANSACTION_FIELD_LABELS;

/** An amount bound as the list reads it: a plain decimal of the card's currency, such as 25 or 25.50. */
export const AMOUNT_BOUND_PATTERN = String.raw`\d{1,15}(\.\d{1,4})?`;
/** What the filter bar says of a typed bound without that form (the link's parse says it with the field's label). */
export const AMOUNT_BOUND_PROBLEM = "Enter an amount such as 25 or 25.50, without thousands separators or a currency sign.";

const amount = (label: string) =>
  z
    .string()
    .trim()
    .regex(new RegExp(`^${AMOUNT_BOUND_PATTERN}$`), `${label} must be an amount such as 25 or 25.50, without thousands separators or a currency sign; it was ignored.`);

const cursorText = cursorParam(z.object({ at: cursorTimestamp(), id: uuidSchema() }).strict());

const FIELD_SCHEMAS = {
  from: utcDayParam("From"),
  to: utcDayParam("To"),
  status: z.enum(LEDGER_STATUSES, { message: "Unknown status; showing every status." }),
  provider: z.enum(PROVIDER_NAMES, { message: "Unknown provider; showing every provider." }),
  account: uuidSchema({ message: "Unknown account; showing every account." }),
  card: uuidSchema({ message: "Unknown card; showing every card." }),
  owner: uuidSchema({ message: "Unknown cardholder; showing every cardholder." }),
  team: uuidSchema({ message: "Unknown team; showing every team." }),
  q: z.string().trim().max(100, "Merchant search is at most 100 characters; it was ignored."),
  min: amount("Minimum amount"),
  max: amount("Maximum amount"),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, "A currency is a 3-letter code such as USD; showing every currency.")
    .transform((value) => value.toUpperCase()),
  after: cursorText,
  before: cursorText,
} satisfies Record<TransactionSearchField, z.ZodType>;

export type TransactionSearch = {
  filters: TransactionFilters;
  after?: TransactionCursor;
  before?: TransactionCursor;
  ignored: IgnoredParam<TransactionSearchField>[];
};

/** Every query parameter on its own: a bad one is dropped with a notice, the rest still apply. Same for page and export. */
export function parseTransactionSearch(raw: RawSearchParams | URLSearchParams): TransactionSearch {
  const { values, ignored } = parseEachParam(raw, FIELD_SCHEMAS, TRANSACTION_FIELD_LABELS);
  dropInvertedDateRange(values, ignored);
  if (values.min && values.max && Number(values.min) > Number(values.max)) {
    ignored.push({
      field: "max",
      label: "Maximum amount",
      message: "The maximum is below the minimum; the amount range was ignored.",
    });
    delete values.min;
    delete values.max;
  }
  const filters: TransactionFilters = {};
  if (values.from) filters.from = values.from;
  if (values.to) filters.to = values.to;
  if (values.status) filters.status = values.status;
  if (values.provider) filters.provider = values.provider;
  if (values.account) filters.accountId = values.account;
  if (values.card) filters.cardId = values.card;
  if (values.owner) filters.ownerUserId = values.owner;
  if (values.team) filters.teamId = values.team;
  if (values.q) filters.q = values.q;
  if (values.min) filters.min = values.min;
  if (values.max) filters.max = values.max;
  if (values.currency) filters.currency = values.currency;
  return { filters, after: values.after, before: values.before, ignored };
}

export const encodeTransactionCursor: (cursor: TransactionCursor) => string = encodeCursor;

/** The filters as URL parameters (exactly the names the page and the export read). */
export function transactionSearchParams(
  filters: TransactionFilters,
  page: { after?: TransactionCursor; before?: TransactionCursor } = {},
): URLSearchParams {
  const params = new URLSearchParams();
  const set = (key: string, value: string | undefined) => value && params.set(key, value);
  set("from", filters.from);
  set("to", filters.to);
  set("status", filters.status);
  set("provider", filters.provider);
  set("account", filters.accountId);
  set("card", filters.cardId);
  set("owner", filters.ownerUserId);
  set("team", filters.teamId);
  set("q", filters.q);
  set("min", filters.min);
  set("max", filters.max);
  set("currency", filters.currency);
  if (page.after) params.set("after", encodeTransactionCursor(page.after));
  if (page.before) params.set("before", encodeTransactionCursor(page.before));
  return params;
}

export function transactionSearchString(
  filters: TransactionFilters,
  page: { after?: TransactionCursor; before?: TransactionCursor } = {},
): string {
  const text = transactionSearchParams(filters, page).toString();
  return text ? `?${text}` : "";
}
