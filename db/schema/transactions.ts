import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { cards } from "./cards";
import { descending } from "./index-order";
import { organizations } from "./organizations";
import { providerAccounts } from "./provider-accounts";
import { teams } from "./teams";
import { users } from "./users";

/** Where a transaction stands. It only ever moves up the rank (authorised → a final state), never back. */
export const LEDGER_STATUSES = [
  "authorised",
  "settled",
  "declined",
  "reversed",
  "expired",
  "refunded",
] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];
export type LedgerDirection = "debit" | "credit";

/**
 * One row per provider transaction, updated in place as it moves. Amounts are bigint minor units. `amount` is the
 * magnitude in the card's currency (settled when settled, else authorised) and `direction` says which way it went.
 * `merchant_amount`/`merchant_currency` hold the original (merchant) amount when the provider gives one.
 */
export const transactions = pgTable(
  "transactions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    providerAccountId: uuid("provider_account_id")
      .notNull()
      .references(() => providerAccounts.id),
    providerTransactionId: text("provider_transaction_id").notNull(),
    /** Kept so an event for a card not yet known can be linked when the card appears. */
    providerCardId: text("provider_card_id"),
    cardId: uuid("card_id").references(() => cards.id),
    /** The card's owner and team when the transaction was first linked to it (a later reassignment does not move history). */
    ownerUserId: uuid("owner_user_id").references(() => users.id),
    teamId: uuid("team_id").references(() => teams.id),
    type: text("type").notNull(),
    providerType: text("provider_type"),
    status: text("status").$type<LedgerStatus>().notNull(),
    statusRank: smallint("status_rank").notNull().default(0),
    providerStatus: text("provider_status"),
    direction: text("direction").$type<LedgerDirection>().notNull().default("debit"),
    amount: bigint("amount", { mode: "bigint" }).notNull(),
    currency: text("currency").notNull(),
    authorisedAmount: bigint("authorised_amount", { mode: "bigint" }),
    authorisedCurrency: text("authorised_currency"),
    settledAmount: bigint("settled_amount", { mode: "bigint" }),
    settledCurrency: text("settled_currency"),
    merchantAmount: bigint("merchant_amount", { mode: "bigint" }),
    merchantCurrency: text("merchant_currency"),
    merchantName: text("merchant_name"),
    merchantCity: text("merchant_city"),
    merchantCountry: text("merchant_country"),
    merchantCategory: text("merchant_category"),
    description: text("description"),
    /**
     * The provider's authorisation code (Cardepass v1 `authCode 授权码`), by which a Cardepass v1 release row
     * (ConsumeReversal) names the hold it releases, with the card and the authorised amount (lib/transactions/hold-releases.ts).
     */
    authCode: text("auth_code"),
    /** Plain words; the provider's own text is kept beside it. */
    declineReason: text("decline_reason"),
    providerDeclineReason: text("provider_decline_reason"),
    memo: text("memo"),
    memoUpdatedAt: timestamp("memo_updated_at", { withTimezone: true }),
    authorisedAt: timestamp("authorised_at", { withTimezone: true }),
    settledAt: timestamp("settled_at", { withTimezone: true }),
    /** When it happened (authorisation time, else settlement time): the stable sort key. */
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    /**
     * Whether occurred_at is a time the provider gave (lib/transactions/occurred-at.ts), not when Cardhub received a
     * report that gave none: a corrected time zone moves the provider's times only.
     */
    occurredAtFromProvider: boolean("occurred_at_from_provider").notNull().default(false),
    /**
     * The latest moment a report of the row describes, to order two reports of the same rank: the provider's own
     * last-modified time when the report gives one, else when the report was read (lib/transactions/ledger-row.ts).
     */
    providerUpdatedAt: timestamp("provider_updated_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("transactions_provider_unique").on(table.providerAccountId, table.providerTransactionId),
    // Every list is ORDER BY occurred_at DESC, id DESC (SQL's DESC is NULLS FIRST): the indexes say the same.
    index("transactions_org_time_idx").on(
      table.organizationId,
      descending(table.occurredAt),
      descending(table.id),
    ),
    index("transactions_card_time_idx").on(
      table.cardId,
      descending(table.occurredAt),
      descending(table.id),
    ),
    // The owner and team indexes also INCLUDE the columns totals sum (migration 0018_team_owner_totals_covering);
    // drizzle cannot declare INCLUDE, so a change to either must repeat it by hand.
    index("transactions_owner_time_idx").on(
      table.ownerUserId,
      descending(table.occurredAt),
      descending(table.id),
    ),
    index("transactions_team_time_idx").on(
      table.teamId,
      descending(table.occurredAt),
      descending(table.id),
    ),
    index("transactions_status_idx").on(
      table.organizationId,
      table.status,
      descending(table.occurredAt),
      descending(table.id),
    ),
    index("transactions_account_time_idx").on(
      table.providerAccountId,
      descending(table.occurredAt),
      descending(table.id),
    ),
    index("transactions_currency_time_idx").on(
      table.organizationId,
      table.currency,
      descending(table.occurredAt),
      descending(table.id),
    ),
    // A merchant text finds its names in transaction_merchants, then reads each name's rows here in list order.
    index("transactions_org_merchant_time_idx").on(
      table.organizationId,
      table.merchantName,
      descending(table.occurredAt),
      descending(table.id),
    ),
    // Amount ranges read transactions_org_amount_covering_idx: (organization_id, amount) INCLUDE (currency,
    // occurred_at, id, status, direction, type), so a range's page keys and its totals come from the index alone.
    // Drizzle cannot declare INCLUDE: it is created by migration 0017_amount_covering_index.
    index("transactions_org_updated_idx").on(table.organizationId, table.updatedAt),
    // The live-refresh token of someone who sees only their own and their teams' rows reads their newest stamps here
    // (transactionsVersion), not the organisation's newest filtered down to theirs. Both also INCLUDE organization_id,
    // so those reads need no table (migration 0066_transactions_version_covering); drizzle cannot declare INCLUDE, so a
    // change to either must repeat it by hand.
    index("transactions_owner_updated_idx").on(table.ownerUserId, table.updatedAt),
    index("transactions_team_updated_idx").on(table.teamId, table.updatedAt),
    // The card page's token (transactionsVersion with a card) reads the card's newest stamps here. Without it
    // PostgreSQL read all of a card's rows, or, where it expected them among the organisation's newest (about 100 a card
    // among 100,000), walked the organisation's newest rows to find them: for a card without transactions (every card
    // just issued) the organisation's whole history, on every load and poll of its page.
    index("transactions_card_updated_idx").on(table.cardId, table.updatedAt),
    index("transactions_open_auth_idx")
      .on(table.providerAccountId, table.occurredAt)
      .where(sql`${table.status} = 'authorised'`),
    // An open hold and a release row not paired yet, by what pairs them (lib/transactions/hold-releases.ts): rows
    // leave it once paired (reversed) or settled, so it holds only what may still pair.
    index("transactions_release_match_idx")
      .on(table.providerAccountId, table.providerCardId, table.authCode)
      .where(sql`${table.authCode} is not null and (${table.status} = 'authorised' or (${table.status} = 'settled' and ${table.type} = 'reversal'))`),
    index("transactions_unlinked_idx")
      .on(table.providerAccountId, table.providerCardId)
      .where(sql`${table.cardId} is null`),
  ],
);

/** Per provider account: where the pull stands, so a crash mid-page resumes from the saved cursor. */
export type TransactionSyncCursor = {
  /** The date window being walked (YYYY-MM-DD, inclusive), at most 3 months wide. */
  windowFrom?: string;
  windowTo?: string;
  /** The provider's cursor for the next page of that window; absent at its start. */
  cursor?: string;
  /** Latest transaction time seen in the window so far (ISO). */
  windowLatestAt?: string;
};

export const transactionSyncStates = pgTable("transaction_sync_states", {
  providerAccountId: uuid("provider_account_id")
    .primaryKey()
    .references(() => providerAccounts.id),
  state: jsonb("state").$type<TransactionSyncCursor>().notNull().default({}),
  /** Latest transaction time of the last finished sweep: the next sweep starts shortly before it. */
  lastSeenAt: timestamp("last_seen_at", { withTimezone: true }),
  lastSuccessAt: timestamp("last_success_at", { withTimezone: true }),
  lastError: text("last_error"),
  lastErrorAt: timestamp("last_error_at", { withTimezone: true }),
  /** A running pull holds the account until then, so two workers never walk the same cursor at once. */
  leaseUntil: timestamp("lease_until", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
