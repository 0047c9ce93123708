import type { Db } from "@/db/client";
import { teamMemberships } from "@/db/schema/teams";
import { userRoles, users } from "@/db/schema/users";
import type { SessionUser } from "@/lib/auth/session-user";
import { sessionUserFor } from "./session-user";

/** A new employee of the organisation in these teams, with nothing filed: so each race test starts from a person of its own. */
export async function newEmployee(db: Db, params: { organizationId: string; email: string; name: string; teamIds: readonly string[] }): Promise<SessionUser> {
  const [user] = await db.insert(users).values({ organizationId: params.organizationId, email: params.email, name: params.name, passwordHash: "x" }).returning();
  await db.insert(userRoles).values({ userId: user!.id, role: "employee" });
  for (const teamId of params.teamIds) await db.insert(teamMemberships).values({ teamId, userId: user!.id, isManager: false });
  return sessionUserFor(db, params.email);
}
