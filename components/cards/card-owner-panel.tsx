import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { isNeverIssued } from "@/lib/cards/never-issued";
import { formatUtcDateTime } from "@/lib/format";
import type { CardStatus } from "@/lib/providers/types";
import { CardDetailRow } from "./card-detail-row";

type OwnedCard = { ownerName: string | null; ownerEmail: string | null; teamName: string | null; createdAt: Date; lastSyncedAt: Date | null; status: CardStatus };

/** A card never issued is never read from its provider: "Not yet" would promise a sync that will not come. */
function lastSynced(card: OwnedCard): string {
  if (card.lastSyncedAt) return formatUtcDateTime(card.lastSyncedAt);
  return isNeverIssued(card) ? "Not applicable: never issued" : "Not yet";
}

/** The card page's Owner panel: whose card it is, their team, and when Cardhub made and last read it. */
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
          <CardDetailRow label="Created">{formatUtcDateTime(card.createdAt)}</CardDetailRow>
          <CardDetailRow label="Last synced">{lastSynced(card)}</CardDetailRow>
        </dl>
      </CardContent>
    </Card>
  );
}
