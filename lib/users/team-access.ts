import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { teams } from "@/db/schema/teams";
import { ActionError } from "@/lib/actions/result";

/** Every team id must belong to the organisation: a forged id from another organisation is refused, not joined. */
export async function assertTeamsInOrganization(db: DbOrTx, params: { organizationId: string; teamIds: readonly string[] }): Promise<void> {
  if (params.teamIds.length === 0) return;
  const rows = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.organizationId, params.organizationId), inArray(teams.id, [...params.teamIds])));
  if (rows.length !== new Set(params.teamIds).size) throw new ActionError("invalid_input", "Choose teams from the list.", { teams: "One of these teams does not exist." });
}
