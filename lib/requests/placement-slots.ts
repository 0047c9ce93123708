import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { findCard } from "@/db/queries/card-updates";
import type { CardRequestRow } from "@/db/queries/requests";

/**
 * How many approved requests may be placing their order with one provider account at once, across every worker. A
 * placement can wait out the provider's whole timeout and retries: without a bound, one account whose provider hangs
 * takes every executor slot and the requests on the other accounts wait behind it.
 */
export const PLACEMENT_SLOTS = 2;

/** The advisory lock (hashed by hashtextextended) that is one placement slot of a provider account. */
export function placementSlotKey(providerAccountId: string, slot: number): string {
  return `placing:${providerAccountId}:${slot}`;
}

/** The provider account a request's order goes to, as placing it finds it: a new card's account, else its card's. */
export async function placingAccountId(db: DbOrTx, request: CardRequestRow): Promise<string | null> {
  if (request.kind === "new_card") return request.providerAccountId;
  const card = request.cardId ? await findCard(db, request.cardId) : null;
  return card?.providerAccountId ?? null;
}

/**
 * Takes a free placement slot of the account for the rest of `tx`, or none (false) when all are taken. Held by a
 * transaction, the slot is given back however the placement ends, the worker's death included. MONEY: a slot only
 * decides whether to place now; the order's key and the request's lock are what keep an order from being placed twice.
 */
export async function takePlacementSlot(tx: DbOrTx, providerAccountId: string): Promise<boolean> {
  for (let slot = 0; slot < PLACEMENT_SLOTS; slot += 1) {
    const key = placementSlotKey(providerAccountId, slot);
    const taken = await tx.execute<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(hashtextextended(${key}, 0)) as locked`);
    if (taken.rows[0]?.locked) return true;
  }
  return false;
}
