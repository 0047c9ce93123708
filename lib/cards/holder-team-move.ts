import type { DbOrTx } from "@/db/client";
import { updateCard, type CardRow } from "@/db/queries/card-updates";
import { lockOpenCardsOfHolderInTeams } from "@/db/queries/people";
import { record, type AuditContext } from "@/lib/audit/record";
import { recordCardLeftTeam } from "./card-left-team";

/**
 * The holder is leaving these teams: locks their open cards there (closed ones stay, with their history; company cards,
 * with no holder, belong to their team, not to a person, and stay). Only locks: the caller takes every other lock of
 * its change before it writes anything (see lockTeamMove in lib/users/team-move.ts for the order), then calls moveLockedHolderCards.
 */
export function lockHolderCardsLeavingTeams(
  tx: DbOrTx,
  params: { organizationId: string; holderId: string; fromTeamIds: readonly string[] },
): Promise<CardRow[]> {
  return lockOpenCardsOfHolderInTeams(tx, { organizationId: params.organizationId, ownerUserId: params.holderId, teamIds: params.fromTeamIds });
}

/**
 * Moves the cards locked by lockHolderCardsLeavingTeams to `toTeamId` (null: the holder is in no team now, and the
 * cards are in none either), each audited as a reassignment that keeps its holder, as reassigning a card is, and filed
 * under the team it goes to, with a card.left_team row for the team it left (recordCardLeftTeam). An order in flight
 * on a card does not hold the move back: orders carry no team, and the holder they were placed for (whose money and
 * notices they are) is the same.
 */
export async function moveLockedHolderCards(
  tx: DbOrTx,
  audit: AuditContext,
  params: { cards: readonly CardRow[]; holder: { id: string; email: string }; toTeamId: string | null },
): Promise<void> {
  for (const card of params.cards) {
    await updateCard(tx, card.id, { teamId: params.toTeamId });
    await recordCardLeftTeam(tx, audit, { card, toTeamId: params.toTeamId, holder: params.holder });
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
}
