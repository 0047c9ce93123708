import type { DbOrTx } from "@/db/client";
import { CLOSED_CARD_STATUSES, type CardRow, type NewCard } from "@/db/queries/card-updates";
import { findOpenOrder, listOpenOrderTypes } from "@/db/queries/provider-orders";
import { knownEffect } from "@/lib/orders/settle-order";
import type { Card } from "@/lib/providers/types";
import { recordSyncedCardEvent } from "./synced-card-audit";

/** What makes a card's spending power, as a change records it; the balance moves with every purchase and the ledger holds it. */
const WATCHED = { status: "status", perTransaction: "limitPerTransaction", lifetime: "limitLifetime" } as const satisfies Record<string, keyof CardRow>;
type Watched = keyof typeof WATCHED;
/** One side of a change: a status, or a limit in exact minor units of the card's currency (null: no limit). */
type Side = Partial<Record<Watched, string | null>>;

const recorded = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/**
 * What Cardhub's own open orders on the card will have made of it (a freeze: frozen): the provider may carry one out
 * before Cardhub hears of it, and settling it audits that change. A cancellation reads "cancelling" on its way.
 */
async function effectsOfOpenOrders(tx: DbOrTx, cardId: string): Promise<Partial<NewCard>[]> {
  const effects: Partial<NewCard>[] = [];
  for (const type of await listOpenOrderTypes(tx, cardId)) {
    const order = await findOpenOrder(tx, cardId, type);
    const effect = order ? knownEffect(order) : null;
    if (effect) effects.push(effect);
    if (type === "cancel") effects.push({ status: "cancelling" });
  }
  return effects;
}

/**
 * The status and limits a sync's write changed, less what Cardhub did itself: an open order's expected effect, and a
 * card leaving "pending" (its creation finishing). Null when nothing is left.
 */
async function unexplainedChange(tx: DbOrTx, held: CardRow, stored: CardRow): Promise<{ before: Side; after: Side } | null> {
  let changed = (Object.keys(WATCHED) as Watched[]).filter((field) => recorded(held[WATCHED[field]]) !== recorded(stored[WATCHED[field]]));
  if (held.status === "pending" && (stored.status === "active" || stored.status === "inactive")) changed = changed.filter((field) => field !== "status");
  if (changed.length === 0) return null;
  const effects = await effectsOfOpenOrders(tx, stored.id);
  const expected = (field: Watched) => effects.some((effect) => WATCHED[field] in effect && recorded(effect[WATCHED[field]]) === recorded(stored[WATCHED[field]]));
  changed = changed.filter((field) => !expected(field));
  if (changed.length === 0) return null;
  const side = (card: CardRow): Side => Object.fromEntries(changed.map((field) => [field, recorded(card[WATCHED[field]])]));
  return { before: side(held), after: side(stored) };
}

/**
 * Audits a card's status or limits changed outside Cardhub, as a sync stored them: `held` is the row as it was just
 * before the write (locked), `stored` as written. Call it in the write's transaction, so the change and its row commit
 * together. A card never read from its provider before (one Cardhub just issued) held nothing to compare with.
 */
export async function recordChangedAtProvider(tx: DbOrTx, held: CardRow, stored: CardRow, remote: Pick<Card, "providerStatus">): Promise<void> {
  if (held.lastSyncedAt === null) return;
  const change = await unexplainedChange(tx, held, stored);
  if (!change) return;
  // Closed by this write: when it closed (the provider's time where it gave one), which the row's own time is not.
  const closed = "status" in change.after && CLOSED_CARD_STATUSES.includes(stored.status) && !CLOSED_CARD_STATUSES.includes(held.status);
  // In the name of the job that read the card: the card sync, or the job that followed an order on it to its end.
  await recordSyncedCardEvent(tx, stored, "card.changed_at_provider", {
    providerStatus: remote.providerStatus,
    currency: stored.currency,
    ...change,
    ...(closed && stored.closedAt ? { closedAt: stored.closedAt.toISOString() } : {}),
  });
}
