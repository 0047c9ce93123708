import type { DbOrTx } from "@/db/client";
import { updateCard, type CardRow } from "@/db/queries/card-updates";
import { lockOpenCardsOfHolderInTeams } from "@/db/queries/people";
import { record, type AuditContext } from "@/lib/audit/record";

/**
 * The holder left these teams: their open cards (closed ones stay, with their history) follow them to `toTeamId`
 * (null: they are in no team now, and the cards are in none either), each audited as a reassignment that keeps its holder, as reassigning a card is. Company
 * cards (no holder) belong to their team, not to a person, and stay. An order in flight on a card does not hold the
 * move back: orders carry no team, and the holder they were placed for (whose money and notices they are) is the same.
 * The caller's transaction takes these cards' locks, before any request's lock, as reassigning a card does.
 */
export async function moveHolderCardsToTeam(
  tx: DbOrTx,
  audit: AuditContext,
  params: { organizationId: string; holder: { id: string; email: string }; fromTeamIds: readonly string[]; toTeamId: string | null },
): Promise<CardRow[]> {
  const moving = await lockOpenCardsOfHolderInTeams(tx, { organizationId: params.organizationId, ownerUserId: params.holder.id, teamIds: params.fromTeamIds });
  for (const card of moving) {
    await updateCard(tx, card.id, { teamId: params.toTeamId });
    await record(tx, audit, {
      action: "card.reassigned",
      targetType: "card",
      targetId: card.id,
      teamId: params.toTeamId,
      summary: {
        reason: "holder_changed_team",
        before: { ownerUserId: card.ownerUserId, teamId: card.teamId },
        after: { ownerUserId: params.holder.id, owner: params.holder.email, teamId: params.toTeamId },
      },
    });
  }
  return moving;
}
