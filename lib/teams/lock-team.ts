import type { DbOrTx } from "@/db/client";
import { plural } from "@/components/audit/recorded-values";
import { lockTeamRow, teamMembers } from "@/db/queries/team-admin";
import { ActionError } from "@/lib/actions/result";
import type { AdminContext } from "@/lib/users/admin-context";

type LockedTeam = NonNullable<Awaited<ReturnType<typeof lockTeamRow>>>;

/** The team's row locked FOR UPDATE, refused as unknown unless it is the administrator's organisation's. */
export async function lockTeamOf(tx: DbOrTx, context: AdminContext, teamId: string): Promise<LockedTeam> {
  const team = await lockTeamRow(tx, teamId);
  if (!team || team.organizationId !== context.organizationId) throw new ActionError("not_found", "That team does not exist.");
  return team;
}

/**
 * As lockTeamOf, for deleting or archiving a team: refused while anyone is in it. Taking people out goes through the
 * team's edit, which moves their cards and waiting requests to a team they stay in.
 */
export async function lockEmptyTeam(tx: DbOrTx, context: AdminContext, teamId: string): Promise<LockedTeam> {
  const team = await lockTeamOf(tx, context, teamId);
  const members = await teamMembers(tx, team.id);
  if (members.length > 0) {
    throw new ActionError("conflict", `${team.name} still has ${plural(members.length, "person", "people")} in it. Take everyone out first (Edit team), so their cards and requests move to a team they stay in.`);
  }
  return team;
}
