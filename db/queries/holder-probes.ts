import { and, eq, exists, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { cards } from "@/db/schema/cards";
import { transactions } from "@/db/schema/transactions";

// What a cardholder's filter choices test their options against (filter-accounts.ts, holder-currencies.ts). Both
// probes walk an index that leads with the owner: they read the holder's own rows, never the company's.

/** A column that cards and transactions both have, under the same name and meaning. */
type SharedColumn = "providerAccountId" | "currency";

/** Whether the person holds a card (any status) whose `column` equals the outer query's `outer`. */
export function holdsCardWith(userId: string, column: SharedColumn, outer: AnyColumn): SQL {
  return exists(sql`(select 1 from ${cards} where ${and(eq(cards.ownerUserId, userId), eq(cards[column], outer))})`);
}

/** Whether the person made a purchase (on any card, one handed on since included) whose `column` equals `outer`. */
export function madePurchaseWith(userId: string, column: SharedColumn, outer: AnyColumn): SQL {
  return exists(sql`(select 1 from ${transactions} where ${and(eq(transactions.ownerUserId, userId), eq(transactions[column], outer))})`);
}
