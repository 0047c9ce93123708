import { sql, type Subquery } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { MerchantSpend } from "./overview-spend";

/**
 * The first `limit` merchants of each currency from a ranking of merchants: a subquery with columns currency,
 * merchant, spent (a sum, as text), purchases (integer) and rank (1 = spent most, per currency). Merchants whose
 * spend nets to nothing are left out. The rows and the monthly rollup rank alike and share this outer query.
 */
export async function topMerchantsPerCurrency(db: DbOrTx, ranked: Subquery, limit: number): Promise<MerchantSpend[]> {
  const result = await db.execute<{ currency: string; merchant: string; spent: string; purchases: number }>(
    sql`select currency, merchant, spent, purchases from ${ranked} where rank <= ${limit} and spent > 0 order by currency, rank`,
  );
  return result.rows.map((row) => ({ currency: row.currency, merchant: row.merchant, spent: BigInt(row.spent), purchases: Number(row.purchases) }));
}
