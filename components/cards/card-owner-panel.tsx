import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { isNeverIssued } from "@/lib/cards/never-issued";
import { formatUtcDateTime } from "@/lib/format";
import type { CardStatus } from "@/lib/providers/types";
import { CardDetailRow } from "./card-detail-row";

type OwnedCard = {
  ownerName: string | null;
  ownerEmail: string | null;
  teamName: string | null;
  createdAt: Date;
  createdByUserId: string | null;
  issuedAt: Date | null;
  lastSyncedAt: Date | null;
  status: CardStatus;
};

/** A card never issued is never read from its provider: "Not yet" would promise a sync that will not come. */
function lastSynced(card: OwnedCard): string {
  if (card.lastSyncedAt) return formatUtcDateTime(card.lastSyncedAt);
  return isNeverIssued(card) ? "Not applicable: never issued" : "Not yet";
}

/**
 * The card page's Owner panel: whose card it is, their team, and when Cardhub made and last read it. A card imported
 * from its provider (no one issued it here) was made earlier than Cardhub took it in: both dates, each named.
 */
export function CardOwnerPanel({ card }: { card: OwnedCard }) {
  return (
    <Card className="gap-3">
      <CardHeader>
        <CardTitle>Owner</CardTitle>
      </CardHeader>
      <CardContent>
        <dl>
          <CardDetailRow label="Person">
            {card.ownerName ? (
              <>
                {card.ownerName}
                {card.ownerEmail ? <span className="text-muted-foreground block text-xs break-all">{card.ownerEmail}</span> : null}
              </>
            ) : (
              "Unassigned company card"
            )}
          </CardDetailRow>
          <CardDetailRow label="Team">{card.teamName}</CardDetailRow>
          {card.createdByUserId === null ? (
            <>
              <CardDetailRow label="Issued">{card.issuedAt ? `${formatUtcDateTime(card.issuedAt)}, at the provider` : "Not reported by the provider"}</CardDetailRow>
              <CardDetailRow label="Imported">{formatUtcDateTime(card.createdAt)}</CardDetailRow>
            </>
          ) : (
            <CardDetailRow label="Created">{formatUtcDateTime(card.createdAt)}</CardDetailRow>
          )}
          <CardDetailRow label="Last synced">{lastSynced(card)}</CardDetailRow>
        </dl>
      </CardContent>
    </Card>
  );
}
