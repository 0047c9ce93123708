import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { transactionTotals, transactionTotalsFromRows, totalsServedByRollup, type CurrencyTotals, type TransactionScope } from "@/db/queries/transactions";

/**
 * How long the page may spend summing matching rows. A broad merchant text ("a") matches a large share of millions of
 * transactions, and each keystroke loads the page again: past this, PostgreSQL cancels the sum rather than let every
 * search scan the whole table.
 */
export const TOTALS_TIMEOUT_MS = 1_500;

export type BoundedTotals = { totals: CurrencyTotals[]; tooBroad: false } | { totals: null; tooBroad: true };

/** PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout. */
const QUERY_CANCELED = "57014";

function isCancelled(error: unknown): boolean {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if ((current as { code?: unknown }).code === QUERY_CANCELED) return true;
  }
  return false;
}

/**
 * The totals of the filtered set, or "too broad" when summing its rows would take longer than `timeoutMs`. Totals a
 * rollup answers (the whole organisation's, a team's with a manager's few own rows) are never cut short.
 */
export async function boundedTransactionTotals(db: Db, scope: TransactionScope, timeoutMs = TOTALS_TIMEOUT_MS): Promise<BoundedTotals> {
  if (totalsServedByRollup(scope)) return { totals: await transactionTotals(db, scope), tooBroad: false };
  try {
    const totals = await db.transaction(async (tx) => {
      // SET LOCAL: the limit ends with this transaction and never reaches the pool's next user of the connection.
      await tx.execute(sql.raw(`set local statement_timeout = ${Math.max(1, Math.trunc(timeoutMs))}`));
      return transactionTotalsFromRows(tx, scope);
    });
    return { totals, tooBroad: false };
  } catch (error) {
    if (isCancelled(error)) return { totals: null, tooBroad: true };
    throw error;
  }
}
