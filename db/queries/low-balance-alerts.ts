import { and, eq, isNull, not, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { lowBalanceAlerts } from "@/db/schema/low-balance-alerts";

export type LowBalanceAlertRow = typeof lowBalanceAlerts.$inferSelect;

/** What one crossing is of: an account's currency (scope '') or one of its segments (the segment's scope). */
export type LowBalanceKey = { currency: string; scope: string };

/**
 * Opens the crossing of an account's currency or segment, unless one is open already: returns the new row, or null
 * when another refresh (concurrent or earlier) opened it. The partial unique index decides; a racing insert waits,
 * then skips.
 */
export async function openLowBalanceAlert(
  db: DbOrTx,
  values: { organizationId: string; providerAccountId: string; currency: string; scope: string; thresholdMinor: bigint; availableMinor: bigint | null; at: Date },
): Promise<LowBalanceAlertRow | null> {
  const [row] = await db
    .insert(lowBalanceAlerts)
    .values({ ...values, crossedAt: values.at })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

/** Closes the open crossings of an account that are no longer low, so the next crossing alerts again. */
export async function closeRecoveredAlerts(db: DbOrTx, params: { providerAccountId: string; stillLow: LowBalanceKey[]; at: Date }): Promise<number> {
  const conditions = [eq(lowBalanceAlerts.providerAccountId, params.providerAccountId), isNull(lowBalanceAlerts.recoveredAt)];
  const stillLow = params.stillLow.map((key) => and(eq(lowBalanceAlerts.currency, key.currency), eq(lowBalanceAlerts.scope, key.scope)));
  if (stillLow.length > 0) conditions.push(not(or(...stillLow) ?? sql`false`));
  const closed = await db.update(lowBalanceAlerts).set({ recoveredAt: params.at }).where(and(...conditions)).returning({ id: lowBalanceAlerts.id });
  return closed.length;
}
