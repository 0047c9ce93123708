import type { DbOrTx, Tx } from "@/db/client";
import { lockAccountProductFees, writeOrderCompletionTimes, zoneReadOrdersQuery } from "@/db/queries/order-times-in-zone";
import type { ProviderOrderRow } from "@/db/queries/provider-orders";
import { setProductFees } from "@/db/queries/products";
import { findProviderAccount } from "@/db/queries/provider-accounts";
import { lockTimeZoneCorrection } from "@/db/queries/transaction-time-zone-correction";
import { parseProductFees } from "@/lib/fees/parse-product-fees";
import type { FeeKey, FeeRule } from "@/lib/fees/product-fees";
import { timeZoneOf } from "@/lib/providers/config";
import type { Order } from "@/lib/providers/types";
import { readAgainInZone } from "@/lib/transactions/read-again-in-zone";

/** What a completed order stores as when it completed. */
export type Completion = { completedAt: Date; completedAtReadInZone: boolean };

/**
 * When an order completed: the provider's time, else now. A provider time read in the account's zone (Card OPEN-API's
 * finish_at: Order.timesReadIn) is stored in the zone the account has when it is stored, and marked so that a later
 * correction of the zone moves it: an answer read by an adapter made before a change of the zone, stored after the
 * change moved the account's orders, is read again in the new zone here. Taking the correction's lock first makes this
 * and the change's move of the orders (moveOrderTimesToZone) wait for each other, so each order moves exactly once.
 */
export async function completionOf(tx: DbOrTx, order: Pick<ProviderOrderRow, "providerAccountId">, result: Pick<Order, "completedAt" | "timesReadIn">): Promise<Completion> {
  if (!result.completedAt || !result.timesReadIn) return { completedAt: result.completedAt ?? new Date(), completedAtReadInZone: false };
  await lockTimeZoneCorrection(tx, order.providerAccountId);
  const account = await findProviderAccount(tx, order.providerAccountId);
  const zone = account ? timeZoneOf(account).timeZone : result.timesReadIn;
  const completedAt = zone === result.timesReadIn ? result.completedAt : readAgainInZone(result.completedAt, result.timesReadIn, zone);
  return { completedAt, completedAtReadInZone: true };
}

/**
 * Moves, in the transaction of the change of the account's zone from `from` to `to` (which holds the correction's lock),
 * every order completion time read in the account's zone, and the "last charged" fee times they dated
 * (lib/fees/record-charged-fee.ts), to what the provider's own wall-clock time names in `to`. An account has an order
 * per issue or top-up a person asked for, not per card transaction, so one statement moves them all while the change
 * commits: none is written in the old zone afterwards (completionOf). Returns how many orders moved.
 */
export async function moveOrderTimesToZone(tx: Tx, params: { providerAccountId: string; from: string; to: string }): Promise<number> {
  const moved = new Map<string, Date>();
  for (const order of await zoneReadOrdersQuery(tx, params.providerAccountId))
    if (order.completedAt) moved.set(order.id, readAgainInZone(order.completedAt, params.from, params.to));
  await writeOrderCompletionTimes(tx, [...moved].map(([id, completedAt]) => ({ id, completedAt })));
  if (moved.size === 0) return 0;
  for (const product of await lockAccountProductFees(tx, params.providerAccountId)) {
    const charged = Object.entries(parseProductFees(product.fees)).flatMap(([key, rule]) => {
      const at = rule.source === "last_charged" && rule.orderId ? moved.get(rule.orderId) : undefined;
      return at ? [[key, { ...rule, observedAt: at.toISOString() }] as [FeeKey, FeeRule]] : [];
    });
    if (charged.length > 0) await setProductFees(tx, { productId: product.id, fees: { ...product.fees, ...Object.fromEntries(charged) } });
  }
  return moved.size;
}
