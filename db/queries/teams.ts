import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { teams } from "@/db/schema/teams";
import type { VisibilityFilter } from "@/lib/auth/permissions";

export type TeamSummary = { id: string; name: string };

export async function listTeams(db: DbOrTx, params: { organizationId: string }): Promise<TeamSummary[]> {
  return db.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.organizationId, params.organizationId)).orderBy(asc(teams.name));
}

/** The teams a filter bar offers: a manager only those they can see (the list's query enforces it regardless). */
export async function listTeamsInView(db: DbOrTx, params: { organizationId: string; visibility: VisibilityFilter }): Promise<TeamSummary[]> {
  const { visibility } = params;
  const all = await listTeams(db, params);
  return visibility.all ? all : all.filter((team) => visibility.teamIds.includes(team.id));
}

export async function findTeam(db: DbOrTx, id: string): Promise<(TeamSummary & { organizationId: string }) | null> {
  const [row] = await db.select({ id: teams.id, name: teams.name, organizationId: teams.organizationId }).from(teams).where(eq(teams.id, id)).limit(1);
  return row ?? null;
}
