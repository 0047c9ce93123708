import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { formatUtcDateTime } from "@/lib/format";
import { CardDetailRow } from "./card-detail-row";

type OwnedCard = { ownerName: string | null; ownerEmail: string | null; teamName: string | null; createdAt: Date; lastSyncedAt: Date | null };

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
          <CardDetailRow label="Last synced">{card.lastSyncedAt ? formatUtcDateTime(card.lastSyncedAt) : "Not yet"}</CardDetailRow>
        </dl>
      </CardContent>
    </Card>
  );
}
