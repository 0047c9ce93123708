import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { CardModel, CardStatus } from "@/lib/providers/types";
import { organizations } from "./organizations";
import { providerAccounts } from "./provider-accounts";
import { products } from "./products";
import { teams } from "./teams";
import { users } from "./users";
import { descending } from "./index-order";

/**
 * The balance sort key: cards without a balance of their own sort as the lowest. That is a card not yet issued (no
 * balance read) and a ShareBalance card, which spends from the shared account: the figure its provider reports as its
 * balance is not money on the card (Cardepass documents `balanceAmount` with no meaning), and the list shows its limit
 * use instead. The query and its index must write this expression identically (literals, not parameters) for the
 * index to serve it.
 */
export const CARD_BALANCE_SORT_KEY = (balance: AnyPgColumn, cardModel: AnyPgColumn): SQL =>
  sql`case when ${cardModel} = ${sql.raw("'sharebalance'")} then ${sql.raw("'-9223372036854775808'::bigint")} else coalesce(${balance}, ${sql.raw("'-9223372036854775808'::bigint")}) end`;

/** Only the masked number (first 6 + last 4) is ever stored; number, CVV and PIN are fetched live on reveal. */
export const cards = pgTable(
  "cards",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    providerAccountId: uuid("provider_account_id")
      .notNull()
      .references(() => providerAccounts.id),
    providerCardId: text("provider_card_id"),
    productId: uuid("product_id").references(() => products.id),
    cardModel: text("card_model").$type<CardModel>().notNull(),
    ownerUserId: uuid("owner_user_id").references(() => users.id),
    teamId: uuid("team_id").references(() => teams.id),
    alias: text("alias").notNull(),
    tags: text("tags").array().notNull().default([]),
    maskedNumber: text("masked_number"),
    last4: text("last4"),
    holderName: text("holder_name"),
    expiryMonth: integer("expiry_month"),
    expiryYear: integer("expiry_year"),
    currency: text("currency").notNull(),
    status: text("status").$type<CardStatus>().notNull().default("pending"),
    providerStatus: text("provider_status"),
    balance: bigint("balance", { mode: "bigint" }),
    limitPerTransaction: bigint("limit_per_transaction", { mode: "bigint" }),
    limitLifetime: bigint("limit_lifetime", { mode: "bigint" }),
    limitUsed: bigint("limit_used", { mode: "bigint" }),
    createdByUserId: uuid("created_by_user_id").references(() => users.id),
    // When Cardhub took the card in: issued here, or imported from its provider (created_by_user_id null). The lists
    // sort by it, and the transaction sweep reads a newly taken-in card's whole history from it.
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    // When the provider says it issued the card (Cardepass applyTime or createdOn, NobePay gmtCreate; Card OPEN-API
    // reports none): null when it gives none. For an imported card, the card page shows it beside created_at.
    issuedAt: timestamp("issued_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    lastSyncedAt: timestamp("last_synced_at", { withTimezone: true }),
    // Set when a sync got CARD_NOT_FOUND from the provider; cleared when the provider knows the card again.
    providerMissingSince: timestamp("provider_missing_since", { withTimezone: true }),
    // Set when a sync found this cancelled card open at its provider (cancelled is final: the card stays cancelled);
    // cleared when the provider reports it closed again. lib/cards/provider-reopened.ts.
    providerReopenedSince: timestamp("provider_reopened_since", { withTimezone: true }),
    // When the card became cancelled or expired (null while open, and for a card that failed to issue). Set by
    // db/queries/card-updates.ts whenever a write moves status into a closed state; the sync reads a closed card
    // again for a refund window after it (lib/cards/closed-card-reads.ts, CLOSED_CARD_REFUND_WINDOW_DAYS).
    closedAt: timestamp("closed_at", { withTimezone: true }),
    // When the NobePay transaction sweep last began a read of this card's transactions while it was closed, and read
    // them through (null: never). The sweep reads a closed card at most hourly in its refund window, each read starting
    // no later than this (lib/transactions/sync-pages.ts pullPerCard).
    transactionsReadAt: timestamp("transactions_read_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("cards_provider_card_unique").on(table.providerAccountId, table.providerCardId),
    // Each list order (db/queries/cards.ts, sortKey) has an index per scope it is read in, ending in id. Balances are
    // ranked within one currency (minor units of two currencies are not comparable), so the currency leads the key.
    index("cards_org_created_idx").on(table.organizationId, descending(table.createdAt), descending(table.id)),
    index("cards_org_alias_idx").on(table.organizationId, sql`lower(${table.alias})`, table.id),
    index("cards_org_balance_idx").on(table.organizationId, table.currency, sql`(${CARD_BALANCE_SORT_KEY(table.balance, table.cardModel)}) desc nulls first`, descending(table.id)),
    index("cards_owner_idx").on(table.ownerUserId, descending(table.createdAt), descending(table.id)),
    index("cards_owner_alias_idx").on(table.ownerUserId, sql`lower(${table.alias})`, table.id),
    index("cards_owner_balance_idx").on(table.ownerUserId, table.currency, sql`(${CARD_BALANCE_SORT_KEY(table.balance, table.cardModel)}) desc nulls first`, descending(table.id)),
    index("cards_team_idx").on(table.teamId, descending(table.createdAt), descending(table.id)),
    index("cards_team_alias_idx").on(table.teamId, sql`lower(${table.alias})`, table.id),
    index("cards_team_balance_idx").on(table.teamId, table.currency, sql`(${CARD_BALANCE_SORT_KEY(table.balance, table.cardModel)}) desc nulls first`, descending(table.id)),
    index("cards_status_idx").on(table.organizationId, table.status, descending(table.createdAt), descending(table.id)),
    index("cards_team_status_idx").on(table.teamId, table.status, descending(table.createdAt), descending(table.id)),
    index("cards_account_idx").on(table.providerAccountId, descending(table.createdAt), descending(table.id)),
    index("cards_currency_idx").on(table.organizationId, table.currency, descending(table.createdAt), descending(table.id)),
    index("cards_last4_idx").on(table.organizationId, table.last4, descending(table.createdAt), descending(table.id)),
    index("cards_alias_trgm_idx").using("gin", sql`${table.alias} gin_trgm_ops`),
    // "Needs attention": the few cards the provider no longer knows, newest first.
    index("cards_provider_missing_idx")
      .on(table.organizationId, descending(table.providerMissingSince), descending(table.id))
      .where(sql`${table.providerMissingSince} is not null`),
    // "Needs attention": the few cancelled cards their provider reports open, newest first.
    index("cards_provider_reopened_idx")
      .on(table.organizationId, descending(table.providerReopenedSince), descending(table.id))
      .where(sql`${table.providerReopenedSince} is not null`),
    // The card sync's and the NobePay transaction sweep's closed (cancelled or expired) cards still in their refund
    // window, per account, most recently closed first. The predicate's literals must match db/queries/card-updates.ts
    // closedCardsToRecheckQuery for the index to serve it.
    index("cards_closed_recheck_idx")
      .on(table.providerAccountId, descending(table.closedAt), descending(table.id))
      .where(sql`${table.status} in ('cancelled', 'expired') and ${table.providerCardId} is not null`),
  ],
);
