import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { teams } from "@/db/schema/teams";

export type TeamSummary = { id: string; name: string };

export async function listTeams(db: DbOrTx, params: { organizationId: string }): Promise<TeamSummary[]> {
  return db.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.organizationId, params.organizationId)).orderBy(asc(teams.name));
}
