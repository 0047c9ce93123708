import { sql, type SQLWrapper } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

/** A count that stopped at its cap: `capped` says there are more than `counted`. */
export type BoundedCount = { counted: number; capped: boolean };

/** How far a "needs attention" panel counts: past this it says "more than", so the count never reads a long tail. */
export const ATTENTION_COUNT_CAP = 1000;

/**
 * Counts the rows of `rows`, which must select at most cap + 1 of them (its LIMIT), so the count reads no further
 * than its cap, through whatever index serves `rows`.
 */
export async function boundedCount(db: DbOrTx, rows: SQLWrapper, cap: number): Promise<BoundedCount> {
  const result = await db.execute<{ n: number }>(sql`select count(*)::int as n from (${rows}) as counted`);
  const n = Number(result.rows[0]?.n ?? 0);
  return { counted: Math.min(n, cap), capped: n > cap };
}
