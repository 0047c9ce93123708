import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { providerOrders } from "@/db/schema/provider-orders";
import { cardRequests } from "@/db/schema/requests";

/**
 * The newest write to a card's provider orders and to its requests, each as PostgreSQL's exact text of the stamp: the
 * part of the card page's version (lib/cards/card-version.ts) that is not the card row itself. Each is read through
 * its card index (provider_orders_card_idx, card_requests_card_idx), a card's few rows.
 */
export async function readCardActivityStamp(db: DbOrTx, cardId: string): Promise<string> {
  const result = await db.execute<{ orders: string | null; requests: string | null }>(sql`select
    (select max(${providerOrders.updatedAt}) from ${providerOrders} where ${providerOrders.cardId} = ${cardId})::text as orders,
    (select max(${cardRequests.updatedAt}) from ${cardRequests} where ${cardRequests.cardId} = ${cardId})::text as requests`);
  const row = result.rows[0];
  return `${row?.orders ?? "none"}|${row?.requests ?? "none"}`;
}
