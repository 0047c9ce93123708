import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { teams } from "@/db/schema/teams";

/** The id of the seeded team of this name ("Operations", "Marketing"), for integration tests. */
export async function teamIdNamed(db: DbOrTx, name: string): Promise<string> {
  const [team] = await db.select({ id: teams.id }).from(teams).where(eq(teams.name, name));
  if (!team) throw new Error(`no team named ${name}`);
  return team.id;
}
