import type { DbOrTx } from "@/db/client";
import type { CardRow } from "@/db/queries/card-updates";
import { record, type AuditContext } from "@/lib/audit/record";

/**
 * The other side of a card's move out of a team, for that team's managers: they read audit rows by team
 * (db/queries/audit.ts), and the card's own card.reassigned row is filed under the team it goes to. Written in the
 * move's transaction, beside that row, and only when the card leaves a team (for another one or for none).
 * SECURITY: it names who moved the card, never where it went nor to whom: that team is not the old team's to see, as
 * the team's own row of a person leaving keeps no destination either (withoutDestination, lib/users/team-move.ts).
 * `holder` is given when the card follows its holder out of the team.
 */
export async function recordCardLeftTeam(
  tx: DbOrTx,
  audit: AuditContext,
  params: { card: Pick<CardRow, "id" | "teamId">; toTeamId: string | null; holder?: { id: string; email: string } },
): Promise<void> {
  const { card, toTeamId, holder } = params;
  if (card.teamId === null || card.teamId === toTeamId) return;
  await record(tx, audit, {
    action: "card.left_team",
    targetType: "card",
    targetId: card.id,
    teamId: card.teamId,
    summary: holder ? { fromTeamId: card.teamId, reason: "holder_changed_team", holderUserId: holder.id, holder: holder.email } : { fromTeamId: card.teamId },
  });
}
