import { and, eq, isNull, notInArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { lowBalanceAlerts } from "@/db/schema/low-balance-alerts";

export type LowBalanceAlertRow = typeof lowBalanceAlerts.$inferSelect;

/**
 * Opens the crossing of an account's currency, unless one is open already: returns the new row, or null when another
 * refresh (concurrent or earlier) opened it. The partial unique index decides; a racing insert waits, then skips.
 */
export async function openLowBalanceAlert(
  db: DbOrTx,
  values: { organizationId: string; providerAccountId: string; currency: string; thresholdMinor: bigint; availableMinor: bigint | null; at: Date },
): Promise<LowBalanceAlertRow | null> {
  const [row] = await db
    .insert(lowBalanceAlerts)
    .values({ ...values, crossedAt: values.at })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

/** Closes the open crossings of an account whose currency is no longer low, so the next crossing alerts again. */
export async function closeRecoveredAlerts(db: DbOrTx, params: { providerAccountId: string; stillLow: string[]; at: Date }): Promise<number> {
  const conditions = [eq(lowBalanceAlerts.providerAccountId, params.providerAccountId), isNull(lowBalanceAlerts.recoveredAt)];
  if (params.stillLow.length > 0) conditions.push(notInArray(lowBalanceAlerts.currency, params.stillLow));
  const closed = await db.update(lowBalanceAlerts).set({ recoveredAt: params.at }).where(and(...conditions)).returning({ id: lowBalanceAlerts.id });
  return closed.length;
}
