import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { cards } from "./cards";
import { descending } from "./index-order";
import { organizations } from "./organizations";
import { providerAccounts } from "./provider-accounts";
import { users } from "./users";
import type { OrderType } from "@/lib/providers/types";

/**
 * "created" = written, provider not yet known to have it; then the provider's pending/completed/failed.
 * "needs_review" = the provider's answer stayed unknown past the review deadline: still open (never resent, still
 * looked up now and then), shown on the overview for a person to check.
 */
export const LOCAL_ORDER_STATUSES = ["created", "pending", "completed", "failed", "needs_review"] as const;
/** Orders whose outcome is not known yet: nothing else may change their card meanwhile. */
export const OPEN_ORDER_STATUSES = ["created", "pending", "needs_review"] as const satisfies readonly LocalOrderStatus[];
export type LocalOrderStatus = (typeof LOCAL_ORDER_STATUSES)[number];

/**
 * Written BEFORE the provider is called. Its id is the customer order number sent to the provider,
 * so a retry after a crash or timeout can only ever find the same order, never create a second one.
 */
export const providerOrders = pgTable(
  "provider_orders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    providerAccountId: uuid("provider_account_id")
      .notNull()
      .references(() => providerAccounts.id),
    cardId: uuid("card_id").references(() => cards.id),
    type: text("type").$type<OrderType>().notNull(),
    status: text("status").$type<LocalOrderStatus>().notNull().default("created"),
    providerOrderId: text("provider_order_id"),
    amount: bigint("amount", { mode: "bigint" }),
    currency: text("currency"),
    fee: bigint("fee", { mode: "bigint" }),
    /**
     * MONEY: the currency the fee was charged in, which is not always the order's (a Cardepass fee's items name their own:
     * a USD fee on a JPY card). Set exactly when fee is; `fee` is minor units of this currency.
     */
    feeCurrency: text("fee_currency"),
    // Non-secret request parameters, so the job can resend exactly the same request.
    request: jsonb("request").$type<Record<string, unknown>>().notNull().default({}),
    // A completed cancellation only: what happened to the card's balance, as far as the provider said
    // (lib/orders/cancel-balance.ts). Kept apart from `request`, which is what gets resent.
    cancelBalance: jsonb("cancel_balance").$type<Record<string, unknown>>(),
    failureCode: text("failure_code"),
    failureMessage: text("failure_message"),
    attempts: integer("attempts").notNull().default(0),
    nextCheckAt: timestamp("next_check_at", { withTimezone: true }),
    // When the request was last sent: an answer lost after this may still be in flight at the provider.
    lastSubmittedAt: timestamp("last_submitted_at", { withTimezone: true }),
    createdByUserId: uuid("created_by_user_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    /**
     * Whether completed_at is the provider's own wall-clock time read in the account's time zone (Card OPEN-API's
     * finish_at), which a corrected zone moves; false when it is Cardhub's clock (a failure, a person's confirmation,
     * an answer without a time) or a time that carries its own offset.
     */
    completedAtReadInZone: boolean("completed_at_read_in_zone").notNull().default(false),
    /**
     * MONEY: set in the commit that records the order's end, cleared once its card has been read after it (or that read
     * handed to a job of its own; lib/orders/after-order-ended.ts). Still set a while later, the process that ended it
     * died before the read: the reconcile job has the order followed, which reads the card (follow-order.ts).
     */
    cardReadDueAt: timestamp("card_read_due_at", { withTimezone: true }),
  },
  (table) => [
    check("provider_orders_fee_currency_given", sql`(${table.fee} is null) = (${table.feeCurrency} is null)`),
    index("provider_orders_card_idx").on(table.cardId, descending(table.createdAt), descending(table.id)),
    index("provider_orders_open_idx").on(table.status, table.nextCheckAt),
    // The overview's "failed orders": the organisation's recent failures, newest first (few by nature).
    index("provider_orders_failed_idx")
      .on(table.organizationId, descending(table.completedAt), descending(table.id))
      .where(sql`${table.status} = 'failed'`),
    // The orders a corrected time zone moves (lib/orders/order-times-in-zone.ts), few per account.
    index("provider_orders_zone_read_idx").on(table.providerAccountId, table.id).where(sql`${table.completedAtReadInZone}`),
    // A statement line's order by the provider's order number, within the line's account (db/queries/statements.ts,
    // linkStatementCards). Not unique: NobePay's orders on a card all carry the card's id as their number.
    // The ended orders whose card's read is still owed (few: normally cleared within a second of the end).
    index("provider_orders_card_read_due_idx").on(table.cardReadDueAt).where(sql`${table.cardReadDueAt} is not null`),
    index("provider_orders_provider_order_idx").on(table.providerAccountId, table.providerOrderId).where(sql`${table.providerOrderId} is not null`),
  ],
);
