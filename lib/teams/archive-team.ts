import type { Db } from "@/db/client";
import { plural } from "@/components/audit/recorded-values";
import { setTeamArchivedAt, teamWorkInProgress } from "@/db/queries/team-admin";
import { ActionError } from "@/lib/actions/result";
import { record } from "@/lib/audit/record";
import type { AdminContext } from "@/lib/users/admin-context";
import { lockEmptyTeam, lockTeamOf } from "./lock-team";

/**
 * Takes a team out of use while its history stays: nobody can be put in it and no card issued to or moved into it;
 * its cards, requests and transactions keep naming it and the lists' team filters still offer it. Only a team nothing
 * runs through any more: nobody in it (taking people out moves their cards and waiting requests to a team they stay
 * in), no open card and no request under way. The team's row is locked first, so a person or card put in it meanwhile
 * waits and then finds it archived (lib/users/team-access.ts, lib/teams/manage-teams.ts).
 */
export async function archiveTeam(db: Db, context: AdminContext, input: { teamId: string }): Promise<{ name: string }> {
  return db.transaction(async (tx) => {
    // An archived team has nobody in it: one archived already is refused as such, after the members check.
    const team = await lockEmptyTeam(tx, context, input.teamId);
    if (team.archivedAt) throw new ActionError("conflict", `${team.name} is already archived.`);
    const { openCards, openRequests } = await teamWorkInProgress(tx, team.id);
    if (openCards > 0 || openRequests > 0) {
      const still = [openCards > 0 ? `${plural(openCards, "card", "cards")} not closed` : null, openRequests > 0 ? `${plural(openRequests, "request", "requests")} under way` : null].filter(Boolean).join(" and ");
      throw new ActionError("conflict", `${team.name} still has ${still}. Move its cards to another team (or close them) and let its requests finish first.`);
    }
    await setTeamArchivedAt(tx, { id: team.id, archivedAt: new Date() });
    await record(tx, context, { action: "team.archived", targetType: "team", targetId: team.id, teamId: team.id, summary: { name: team.name } });
    return { name: team.name };
  });
}

/** Puts an archived team back in use: people and cards can be put in it again. */
export async function restoreTeam(db: Db, context: AdminContext, input: { teamId: string }): Promise<{ name: string }> {
  return db.transaction(async (tx) => {
    const team = await lockTeamOf(tx, context, input.teamId);
    if (!team.archivedAt) throw new ActionError("conflict", `${team.name} is not archived.`);
    await setTeamArchivedAt(tx, { id: team.id, archivedAt: null });
    await record(tx, context, { action: "team.restored", targetType: "team", targetId: team.id, teamId: team.id, summary: { name: team.name } });
    return { name: team.name };
  });
}
