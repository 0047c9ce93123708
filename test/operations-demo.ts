import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { findUserByEmail } from "@/db/queries/users";
import { teamMemberships, teams } from "@/db/schema/teams";
import { userRoles, users } from "@/db/schema/users";
import { seedOfflineDemo } from "./offline-demo";

/**
 * The offline demo (seedOfflineDemo), for tests of who approves the Operations team's requests: returns the Card
 * OPEN-API account's id and the team's. As seeded, Omar (manager@demo.test, manager role) is its only manager.
 */
export async function seedOperationsDemo(db: Db): Promise<{ accountId: string; operationsId: string }> {
  const accountId = await seedOfflineDemo(db);
  const [operations] = await db.select().from(teams).where(eq(teams.name, "Operations"));
  return { accountId, operationsId: operations!.id };
}

/** The demo's people back as seeded after a test: everyone active, Omar holding the manager role and managing Operations. */
export async function restoreSeededManager(db: Db, operationsId: string): Promise<void> {
  await db.update(users).set({ active: true });
  const manager = (await findUserByEmail(db, "manager@demo.test"))!;
  await db.insert(userRoles).values({ userId: manager.id, role: "manager" }).onConflictDoNothing();
  await db
    .insert(teamMemberships)
    .values({ teamId: operationsId, userId: manager.id, isManager: true })
    .onConflictDoUpdate({ target: [teamMemberships.teamId, teamMemberships.userId], set: { isManager: true } });
}
