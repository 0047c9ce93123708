import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { eligibleTeamManager } from "./eligible-team-manager";
import { teamMemberships, teams } from "@/db/schema/teams";
import { userRoles, users } from "@/db/schema/users";

/**
 * Of these people, the teams each one is the only manager of, by name (with their ids): the one who could take a
 * team's manager step (active, holding the manager role, marked its manager) with nobody else who could. Archived
 * teams, which take no new requests, are left out. Keyed by person; someone who is no team's only manager has no entry.
 */
export async function listSoleTeamManagers(
  db: DbOrTx,
  params: { organizationId: string; userIds: readonly string[] },
): Promise<Map<string, { id: string; name: string }[]>> {
  if (params.userIds.length === 0) return new Map();
  const anotherManager = eligibleTeamManager({ teamId: teamMemberships.teamId, organizationId: params.organizationId, notUserIds: [teamMemberships.userId] });
  const rows = await db
    .select({ userId: teamMemberships.userId, teamId: teams.id, teamName: teams.name })
    .from(teamMemberships)
    .innerJoin(
      teams,
      and(
        eq(teams.id, teamMemberships.teamId),
        eq(teams.organizationId, params.organizationId),
        isNull(teams.archivedAt),
      ),
    )
    .innerJoin(users, and(eq(users.id, teamMemberships.userId), eq(users.active, true)))
    .innerJoin(userRoles, and(eq(userRoles.userId, teamMemberships.userId), eq(userRoles.role, "manager")))
    .where(
      and(
        inArray(teamMemberships.userId, [...params.userIds]),
        eq(teamMemberships.isManager, true),
        sql`not exists (${anotherManager})`,
      ),
    )
    .orderBy(asc(teams.name));
  const byPerson = new Map<string, { id: string; name: string }[]>();
  for (const row of rows) byPerson.set(row.userId, [...(byPerson.get(row.userId) ?? []), { id: row.teamId, name: row.teamName }]);
  return byPerson;
}
