import type { DbOrTx } from "@/db/client";
import type { CardRow } from "@/db/queries/card-updates";
import { insertNotifications } from "@/db/queries/notifications";
import { findUserById } from "@/db/queries/users";
import type { NotificationKind } from "@/db/schema/notifications";
import type { OrderType } from "@/lib/providers/types";

const NOTICES: Partial<Record<OrderType, { kind: NotificationKind; done: string; what: string }>> = {
  freeze: { kind: "card.frozen", done: "frozen", what: "Every new payment is declined until it is unfrozen; ask for an unfreeze on the card's page if you need it." },
  unfreeze: { kind: "card.unfrozen", done: "unfrozen", what: "It can be used again." },
  cancel: { kind: "card.cancelled", done: "cancelled", what: "It can no longer be used; the card's page says what happened to its balance." },
};

/**
 * Tells a card's holder that someone else froze, unfroze or cancelled it, once the provider confirmed it (in the
 * order's settling transaction): otherwise their payments start failing, or their card leaves their overview, with no
 * word. Not when they did it themselves, nor for their own approved request, whose outcome they hear of already.
 */
export async function notifyHolderOfStatusChange(db: DbOrTx, params: { orderId: string; type: OrderType; card: CardRow; byUserId: string | null }): Promise<void> {
  const notice = NOTICES[params.type];
  const holder = params.card.ownerUserId;
  if (!notice || !holder || holder === params.byUserId) return;
  const by = params.byUserId ? await findUserById(db, params.byUserId) : null;
  await insertNotifications(db, [
    {
      organizationId: params.card.organizationId,
      recipientUserId: holder,
      eventKey: `card-status:${params.orderId}`,
      kind: notice.kind,
      title: `Your card “${params.card.alias}” was ${notice.done}`,
      body: `${by ? `By ${by.name}. ` : ""}${notice.what}`,
      href: `/cards/${params.card.id}`,
    },
  ]);
}
