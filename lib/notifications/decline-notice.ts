import type { DbOrTx } from "@/db/client";
import { insertNotifications } from "@/db/queries/notifications";
import { formatMoney, formatUtcDate } from "@/lib/format";

/** A decline that reaches Cardhub later than this after it happened (a first sync's history) notifies nobody. */
const RECENT_MS = 24 * 60 * 60_000;

export type DeclineNotice = {
  organizationId: string;
  ownerUserId: string;
  cardId: string;
  cardAlias: string;
  merchantName: string | null;
  /** The attempted amount, minor units, as a positive magnitude. */
  amount: bigint;
  currency: string;
  /** In plain words (lib/transactions/decline-reasons.ts). */
  declineReason: string | null;
  occurredAt: Date;
  receivedAt: Date;
};

/**
 * Tells a cardholder their card was declined, in the caller's transaction. At most once per card and UTC day: a card
 * out of money can be declined many times an hour, and the card's page lists every decline. Returns rows written.
 */
export async function notifyCardholderOfDecline(db: DbOrTx, notice: DeclineNotice): Promise<number> {
  if (notice.receivedAt.getTime() - notice.occurredAt.getTime() > RECENT_MS) return 0;
  return insertNotifications(db, [
    {
      organizationId: notice.organizationId,
      recipientUserId: notice.ownerUserId,
      eventKey: `card-declined:${notice.cardId}:${formatUtcDate(notice.occurredAt)}`,
      kind: "card.declined",
      title: `Your card “${notice.cardAlias}” was declined`,
      body: `${notice.merchantName ?? "A purchase"} for ${formatMoney(notice.amount, notice.currency)}: ${notice.declineReason ?? "declined by the provider"}.`,
      href: `/cards/${notice.cardId}`,
    },
  ]);
}
