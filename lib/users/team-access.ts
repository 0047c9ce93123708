import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { teams } from "@/db/schema/teams";
import { ActionError } from "@/lib/actions/result";
import { archivedTeamMessage } from "@/lib/teams/archived-team-message";

/**
 * Every team id must belong to the organisation: a forged id from another organisation is refused, not joined. An
 * archived team takes nobody in. The rows are read FOR SHARE until the transaction ends, so archiving a team (which
 * locks it FOR UPDATE and then counts its members) waits for this person's membership, or this waits and then sees it
 * archived.
 */
export async function assertTeamsInOrganization(db: DbOrTx, params: { organizationId: string; teamIds: readonly string[] }): Promise<void> {
  if (params.teamIds.length === 0) return;
  const rows = await db
    .select({ id: teams.id, name: teams.name, archivedAt: teams.archivedAt })
    .from(teams)
    .where(and(eq(teams.organizationId, params.organizationId), inArray(teams.id, [...params.teamIds])))
    .for("share");
  if (rows.length !== new Set(params.teamIds).size) throw new ActionError("invalid_input", "Choose teams from the list.", { teams: "One of these teams does not exist." });
  const archived = rows.find((team) => team.archivedAt);
  if (archived) throw new ActionError("invalid_input", "Some fields need attention.", { teams: archivedTeamMessage(archived.name) });
}
