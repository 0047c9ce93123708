import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { products } from "@/db/schema/products";
import { providerOrders } from "@/db/schema/provider-orders";

const o = providerOrders;

/**
 * The account's orders whose completion time is the provider's wall-clock time read in the account's zone, read from
 * provider_orders_zone_read_idx (which holds no other order) and locked in id order until the transaction ends.
 */
export function zoneReadOrdersQuery(db: DbOrTx, providerAccountId: string) {
  return db
    .select({ id: o.id, completedAt: o.completedAt })
    .from(o)
    .where(and(eq(o.providerAccountId, providerAccountId), sql`${o.completedAtReadInZone}`))
    .orderBy(asc(o.id))
    .for("update");
}

/** Writes orders' completion times in one statement. */
export async function writeOrderCompletionTimes(tx: DbOrTx, rows: readonly { id: string; completedAt: Date }[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((row) => ({ id: row.id, completed_at: row.completedAt.toISOString() }));
  await tx.execute(sql`
    update ${o} set completed_at = v.completed_at, updated_at = clock_timestamp()
    from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as v(id uuid, completed_at timestamptz)
    where ${o.id} = v.id`);
}

/**
 * The fee rules of the account's products (a few), read from products_account_product_unique in its order and locked
 * in that order until the transaction ends.
 */
export function lockAccountProductFees(db: DbOrTx, providerAccountId: string) {
  return db
    .select({ id: products.id, fees: products.fees })
    .from(products)
    .where(eq(products.providerAccountId, providerAccountId))
    .orderBy(asc(products.providerProductId))
    .for("update");
}
