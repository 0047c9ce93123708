import { and, gte, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { transactions } from "@/db/schema/transactions";
import type { VisibilityFilter } from "@/lib/auth/permissions";
import { visibilityCondition } from "./transactions";

const t = transactions;

/** The first instant of the calendar month (UTC) that `now` falls in. */
export function startOfUtcMonth(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/**
 * Each card's spend since the start of this month (UTC), per currency: authorised and settled purchases less settled
 * reversals, exactly as the transaction totals count it. Declined, reversed and expired authorisations are not spend.
 * Only the rows the viewer may see count, as in the list under it: a card handed on keeps its earlier rows with the
 * holder and team they were spent by. One index range per card (transactions_card_time_idx).
 */
export async function spendThisMonth(
  db: DbOrTx,
  params: { cardIds: string[]; visibility: VisibilityFilter; now?: Date },
): Promise<Map<string, { amount: bigint; currency: string }[]>> {
  const result = new Map<string, { amount: bigint; currency: string }[]>();
  if (params.cardIds.length === 0) return result;
  const rows = await db
    .select({
      cardId: t.cardId,
      currency: t.currency,
      spent: sql<string>`sum(case
        when ${t.direction} = 'debit' and ${t.status} in ('authorised', 'settled') then ${t.amount}
        when ${t.direction} = 'credit' and ${t.type} = 'reversal' and ${t.status} = 'settled' then -${t.amount}
        else 0 end)`,
    })
    .from(t)
    .where(
      and(inArray(t.cardId, params.cardIds), gte(t.occurredAt, startOfUtcMonth(params.now ?? new Date())), visibilityCondition(params.visibility)),
    )
    .groupBy(t.cardId, t.currency);
  for (const row of rows) {
    if (!row.cardId) continue;
    const list = result.get(row.cardId) ?? [];
    list.push({ amount: BigInt(row.spent), currency: row.currency });
    result.set(row.cardId, list);
  }
  return result;
}
