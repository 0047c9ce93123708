import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import type { CardModel, CardStatus } from "@/lib/providers/types";
import { organizations } from "./organizations";
import { providerAccounts } from "./provider-accounts";
import { products } from "./products";
import { teams } from "./teams";
import { users } from "./users";

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
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    lastSyncedAt: timestamp("last_synced_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("cards_provider_card_unique").on(table.providerAccountId, table.providerCardId),
    index("cards_org_created_idx").on(table.organizationId, table.createdAt.desc(), table.id.desc()),
    index("cards_owner_idx").on(table.ownerUserId, table.createdAt.desc(), table.id.desc()),
    index("cards_team_idx").on(table.teamId, table.createdAt.desc(), table.id.desc()),
    index("cards_status_idx").on(table.organizationId, table.status, table.createdAt.desc()),
    index("cards_account_idx").on(table.providerAccountId, table.createdAt.desc()),
    index("cards_currency_idx").on(table.organizationId, table.currency, table.createdAt.desc()),
    index("cards_last4_idx").on(table.organizationId, table.last4),
    index("cards_alias_trgm_idx").using("gin", sql`${table.alias} gin_trgm_ops`),
  ],
);
