import { and, asc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { teams } from "@/db/schema/teams";
import type { VisibilityFilter } from "@/lib/auth/permissions";

export type TeamSummary = { id: string; name: string };

/** The teams people and cards can be put in: every team of the organisation except the archived ones. */
export async function listTeams(db: DbOrTx, params: { organizationId: string }): Promise<TeamSummary[]> {
  return db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(and(eq(teams.organizationId, params.organizationId), isNull(teams.archivedAt)))
    .orderBy(asc(teams.name));
}

/**
 * The teams a filter bar offers: a manager only those they can see (the list's query enforces it regardless). Archived
 * teams too, named so, since their cards, requests and transactions stay in the lists.
 */
export async function listTeamsInView(db: DbOrTx, params: { organizationId: string; visibility: VisibilityFilter }): Promise<TeamSummary[]> {
  const { visibility } = params;
  const rows = await db
    .select({ id: teams.id, name: teams.name, archivedAt: teams.archivedAt })
    .from(teams)
    .where(eq(teams.organizationId, params.organizationId))
    .orderBy(asc(teams.name));
  return rows
    .filter((team) => visibility.all || visibility.teamIds.includes(team.id))
    .map((team) => ({ id: team.id, name: team.archivedAt ? `${team.name} (archived)` : team.name }));
}

export async function findTeam(db: DbOrTx, id: string): Promise<(TeamSummary & { organizationId: string; archivedAt: Date | null }) | null> {
  const [row] = await db
    .select({ id: teams.id, name: teams.name, organizationId: teams.organizationId, archivedAt: teams.archivedAt })
    .from(teams)
    .where(eq(teams.id, id))
    .limit(1);
  return row ?? null;
}
