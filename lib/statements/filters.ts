import { z } from "zod";
import { decodeStatementCursor, encodeStatementCursor, type StatementCursor } from "@/db/queries/statements";
import type { ProviderName } from "@/db/schema/provider-accounts";
import type { StatementSource } from "@/db/schema/provider-statements";
import { dropInvertedDateRange, INVALID_PAGE, parseEachParam, type IgnoredParam, type RawSearchParams } from "@/lib/lists/search-params";
import { utcDayParam } from "@/lib/lists/utc-day";
import { capabilitiesFor, supports, type CardModel } from "@/lib/providers";
import { uuidSchema } from "@/lib/validation/uuid";
import type { StatementScope } from "./access";

/** What a statement list is filtered by, as it stands in the URL. */
export type StatementSearch = {
  account: string | null;
  card: string | null;
  /**
   * Which ledger: "card" (the card's own lines) or "account" (the funding account's). A card's statement is always one
   * (its own by default, the funding account's for a card with none: see statementSource); an account's holds both
   * unless one is chosen.
   */
  source: StatementSource | null;
  from: string | null;
  to: string | null;
  type: string | null;
  /** The page: older than `cursor`, or the page just newer than `before` (Newer lines). */
  cursor: StatementCursor | null;
  before: StatementCursor | null;
};

const FIELD_LABELS = {
  account: "Account",
  card: "Card",
  source: "Ledger",
  from: "From",
  to: "To",
  type: "Type",
  cursor: "Page",
  before: "Page",
} as const;
type StatementSearchField = keyof typeof FIELD_LABELS;

const cursorParam = z.string().transform((value, context): StatementCursor => {
  const cursor = decodeStatementCursor(value);
  if (cursor) return cursor;
  context.addIssue({ code: "custom", message: INVALID_PAGE });
  return z.NEVER;
});

const FIELD_SCHEMAS = {
  account: uuidSchema({ message: "This is not an account's id; it was ignored." }),
  card: uuidSchema({ message: "This is not a card's id; it was ignored." }),
  source: z.enum(["card", "account"], { message: "Unknown ledger; it was ignored." }),
  from: utcDayParam("From"),
  to: utcDayParam("To"),
  // Provider type names are short identifiers (AccountTopUp, TOPUP_CARD); nothing else is a useful filter.
  type: z.string().regex(/^[A-Za-z0-9_]{1,64}$/, "A type is a provider's name for a line, such as AccountTopUp; showing every type."),
  cursor: cursorParam,
  before: cursorParam,
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
    // Both given (a hand-made address): the older page wins, as the list reads one direction at a time.
    cursor: values.cursor ?? null,
    before: values.cursor ? null : (values.before ?? null),
  };
  return { search, ignored };
}

/** What a statement is of, as far as its ledgers go: an account, or a card of a provider and a card model. */
export type LedgerOwner = { kind: "account"; provider: ProviderName } | CardLedgerOwner;
type CardLedgerOwner = { kind: "card"; provider: ProviderName; cardModel: CardModel };
type ReadableScope = Extract<StatementScope, { ok: true }>;

/** The ledger owner of a statement the reader may read (resolveStatementScope). */
export function ledgerOwnerOf(scope: Extract<ReadableScope, { kind: "card" }>): CardLedgerOwner;
export function ledgerOwnerOf(scope: ReadableScope): LedgerOwner;
export function ledgerOwnerOf(scope: ReadableScope): LedgerOwner {
  return scope.kind === "card" ? { kind: "card", provider: scope.card.provider, cardModel: scope.card.cardModel } : { kind: "account", provider: scope.provider };
}

/** Whether the provider keeps the funding account's ledger apart from the cards' (NobePay's history is per card: one ledger). */
export function keepsFundingAccountLedger(provider: ProviderName): boolean {
  const capabilities = capabilitiesFor(provider);
  return supports(capabilities, "accountLogs") && !capabilities.accountLogsRequireCard;
}

/**
 * A card with no ledger of its own: a ShareBalance card spends from the funding account and holds no balance, so every
 * line of it is the funding account's (the lines that name it), where the provider keeps that ledger.
 */
export function hasNoOwnLedger(owner: LedgerOwner): boolean {
  return owner.kind === "card" && owner.cardModel === "sharebalance" && keepsFundingAccountLedger(owner.provider);
}

/**
 * The ledger a statement lists, for the page, its ledger tabs and its export alike: the one its address names; else an
 * account's both together, a card's own, or, for a card with no ledger of its own, the funding account's lines for it.
 * A card's statement is always one ledger, so no list, page or export of it adds the card's balance to the account's.
 */
export function statementSource(search: Pick<StatementSearch, "source">, owner: CardLedgerOwner): StatementSource;
export function statementSource(search: Pick<StatementSearch, "source">, owner: LedgerOwner): StatementSource | undefined;
export function statementSource(search: Pick<StatementSearch, "source">, owner: LedgerOwner): StatementSource | undefined {
  if (search.source) return search.source;
  if (owner.kind === "account") return undefined;
  return hasNoOwnLedger(owner) ? "account" : "card";
}

/** Inclusive calendar dates (UTC) → [from, until) instants. */
export function dateBounds(search: Pick<StatementSearch, "from" | "to">): { from?: Date; until?: Date } {
  return {
    from: search.from ? new Date(`${search.from}T00:00:00.000Z`) : undefined,
    until: search.to ? new Date(new Date(`${search.to}T00:00:00.000Z`).getTime() + 86_400_000) : undefined,
  };
}

/** The URL query of a search (without the page position unless given), for links and the export. */
export function statementQuery(search: Omit<StatementSearch, "cursor" | "before">, page: { after?: StatementCursor; before?: StatementCursor } = {}): string {
  const params = new URLSearchParams();
  for (const key of ["account", "card", "source", "from", "to", "type"] as const) {
    const value = search[key];
    if (value) params.set(key, value);
  }
  if (page.after) params.set("cursor", encodeStatementCursor(page.after));
  if (page.before) params.set("before", encodeStatementCursor(page.before));
  return params.toString();
}
