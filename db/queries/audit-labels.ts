import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { cards } from "@/db/schema/cards";
import { providerOrders } from "@/db/schema/provider-orders";
import { users } from "@/db/schema/users";

/** What audit rows name by id, resolved to what a person recognises: a card's alias, a user's name. */
export type AuditLabels = {
  cards: Map<string, { alias: string }>;
  users: Map<string, { name: string; email: string }>;
  /** An order's card, so an order event can name and link the card. */
  orderCards: Map<string, string>;
};

type LabelledRow = { actorUserId: string | null; targetType: string | null; targetId: string | null; summary: Record<string, unknown> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOf = (value: unknown): string | null => (typeof value === "string" && UUID.test(value) ? value.toLowerCase() : null);

/**
 * One query per kind for a whole page of audit rows, limited to the organisation: a row naming another
 * organisation's card (it cannot, but the log is append-only history) shows the bare id, never its alias.
 */
export async function resolveAuditLabels(db: DbOrTx, params: { organizationId: string; rows: readonly LabelledRow[] }): Promise<AuditLabels> {
  const cardIds = new Set<string>();
  const userIds = new Set<string>();
  const orderIds = new Set<string>();
  for (const row of params.rows) {
    const actor = uuidOf(row.actorUserId);
    if (actor) userIds.add(actor);
    const target = uuidOf(row.targetId);
    if (target && row.targetType === "card") cardIds.add(target);
    if (target && row.targetType === "user") userIds.add(target);
    if (target && row.targetType === "order") orderIds.add(target);
    const orderId = uuidOf(row.summary.orderId);
    if (orderId) orderIds.add(orderId);
    const after = row.summary.after as Record<string, unknown> | undefined;
    const newOwner = uuidOf(after?.ownerUserId);
    if (newOwner) userIds.add(newOwner);
  }
  const orderCards = new Map<string, string>();
  if (orderIds.size > 0) {
    const orders = await db
      .select({ id: providerOrders.id, cardId: providerOrders.cardId })
      .from(providerOrders)
      .where(and(eq(providerOrders.organizationId, params.organizationId), inArray(providerOrders.id, [...orderIds])));
    for (const order of orders) {
      if (!order.cardId) continue;
      orderCards.set(order.id, order.cardId);
      cardIds.add(order.cardId);
    }
  }
  const [cardRows, userRows] = await Promise.all([
    cardIds.size > 0
      ? db.select({ id: cards.id, alias: cards.alias }).from(cards).where(and(eq(cards.organizationId, params.organizationId), inArray(cards.id, [...cardIds])))
      : Promise.resolve([]),
    userIds.size > 0
      ? db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(and(eq(users.organizationId, params.organizationId), inArray(users.id, [...userIds])))
      : Promise.resolve([]),
  ]);
  return {
    cards: new Map(cardRows.map((row) => [row.id, { alias: row.alias }])),
    users: new Map(userRows.map((row) => [row.id, { name: row.name, email: row.email }])),
    orderCards,
  };
}

export const NO_AUDIT_LABELS: AuditLabels = { cards: new Map(), users: new Map(), orderCards: new Map() };
