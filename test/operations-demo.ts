import type { Db } from "@/db/client";
import { findUserByEmail } from "@/db/queries/users";
import { teamMemberships } from "@/db/schema/teams";
import { userRoles, users } from "@/db/schema/users";
import type { SessionUser } from "@/lib/auth/session-user";
import { createRequest } from "@/lib/requests/create-request";
import { createRequestSchema } from "@/lib/requests/schemas";
import { adminContextFor, type AdminContext } from "@/lib/users/admin-context";
import { setPersonActive } from "@/lib/users/set-person-active";
import { activeCardOf } from "./card-fixtures";
import { seedOfflineDemo } from "./offline-demo";
import { sessionUserFor, TEST_META } from "./session-user";
import { teamIdNamed } from "./team-named";

/**
 * The offline demo (seedOfflineDemo), for tests of who approves the Operations team's requests: returns the Card
 * OPEN-API account's id and the team's. As seeded, Omar (manager@demo.test, manager role) is its only manager.
 */
export async function seedOperationsDemo(db: Db): Promise<{ accountId: string; operationsId: string }> {
  const accountId = await seedOfflineDemo(db);
  return { accountId, operationsId: await teamIdNamed(db, "Operations") };
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

/**
 * Eli's top-up of 20 filed in Operations on a new card of his, then Omar, its only manager, made inactive by an admin
 * (finance stands in for the manager's step): the request's id, the admin's context and Omar.
 */
export async function topUpWithManagerAway(db: Db, accountId: string): Promise<{ requestId: string; admin: AdminContext; omar: SessionUser }> {
  const eli = await sessionUserFor(db, "employee@demo.test");
  const cardId = await activeCardOf(db, { user: eli, providerAccountId: accountId });
  const { requestId } = await createRequest(db, eli, TEST_META, createRequestSchema.parse({ kind: "top_up", cardId, amount: "20", purpose: "race" }));
  const admin = adminContextFor({ user: await sessionUserFor(db, "admin@demo.test"), meta: TEST_META });
  const omar = await sessionUserFor(db, "manager@demo.test");
  await setPersonActive(db, admin, { userId: omar.id, active: false });
  return { requestId, admin, omar };
}
