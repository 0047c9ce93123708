import type { Db } from "@/db/client";
import { deleteTeamRow, teamHasHistory } from "@/db/queries/team-admin";
import { ActionError } from "@/lib/actions/result";
import { record } from "@/lib/audit/record";
import type { AdminContext } from "@/lib/users/admin-context";
import { lockEmptyTeam } from "./lock-team";

/**
 * Deletes a team made by mistake or no longer used: one nobody is in and no card, request or transaction ever named.
 * Its people are taken out first through the team's own edit, which moves their cards and waiting requests to a team
 * they stay in; a team with history stays, since cards, requests, transactions and their totals keep naming it.
 */
export async function deleteTeam(db: Db, context: AdminContext, input: { teamId: string }): Promise<{ name: string }> {
  return db.transaction(async (tx) => {
    const team = await lockEmptyTeam(tx, context, input.teamId);
    if (await teamHasHistory(tx, team.id)) {
      throw new ActionError("conflict", `${team.name} cannot be deleted: cards, requests or transactions belong or belonged to it, and Cardhub's history keeps naming it.`);
    }
    await deleteTeamRow(tx, team.id);
    await record(tx, context, { action: "team.deleted", targetType: "team", targetId: team.id, teamId: team.id, summary: { before: { name: team.name } } });
    return { name: team.name };
  });
}
