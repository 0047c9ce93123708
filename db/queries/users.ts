import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { systemOperators } from "@/db/schema/system-operators";
import { teamMemberships } from "@/db/schema/teams";
import { userRoles, users, type Role } from "@/db/schema/users";
import { managedTeamIdsOf } from "@/lib/auth/permissions";
import { lockPersonForShare } from "./person-share-lock";
import { readTogether } from "./read-together";

export type UserWithAccess = {
  id: string;
  organizationId: string;
  email: string;
  name: string;
  active: boolean;
  passwordHash: string;
  hasTotp: boolean;
  mustChangePassword: boolean;
  roles: Role[];
  teamIds: string[];
  /** The teams they manage: named a manager of, while they hold the manager role (managedTeamIdsOf). */
  managedTeamIds: string[];
  /** An installation operator (db/schema/system-operators.ts): may read rows that belong to no organisation. */
  systemOperator: boolean;
};

async function loadAccess(db: DbOrTx, userId: string): Promise<Pick<UserWithAccess, "roles" | "teamIds" | "managedTeamIds" | "systemOperator">> {
  const [roleRows, teamRows, operatorRows] = await readTogether(db, [
    () => db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId)),
    () => db.select({ teamId: teamMemberships.teamId, isManager: teamMemberships.isManager }).from(teamMemberships).where(eq(teamMemberships.userId, userId)),
    () => db.select({ userId: systemOperators.userId }).from(systemOperators).where(eq(systemOperators.userId, userId)),
  ]);
  const roles = roleRows.map((row) => row.role).sort();
  return {
    roles,
    teamIds: teamRows.map((row) => row.teamId),
    managedTeamIds: [...managedTeamIdsOf({ roles, managedTeamIds: teamRows.filter((row) => row.isManager).map((row) => row.teamId) })],
    systemOperator: operatorRows.length > 0,
  };
}

async function findUser(db: DbOrTx, where: ReturnType<typeof eq>): Promise<UserWithAccess | null> {
  const [user] = await db.select().from(users).where(where).limit(1);
  return user ? userWithAccess(db, user) : null;
}

/** A users row already read (e.g. under a lock: lockPersonForShare) with the person's roles, teams and operator mark. */
export async function userWithAccess(db: DbOrTx, user: typeof users.$inferSelect): Promise<UserWithAccess> {
  return {
    id: user.id,
    organizationId: user.organizationId,
    email: user.email,
    name: user.name,
    active: user.active,
    passwordHash: user.passwordHash,
    hasTotp: user.totpSecretEncrypted !== null,
    mustChangePassword: user.mustChangePassword,
    ...(await loadAccess(db, user.id)),
  };
}

export function findUserByEmail(db: DbOrTx, email: string): Promise<UserWithAccess | null> {
  return findUser(db, eq(sql`lower(${users.email})`, email.trim().toLowerCase()));
}

export function findUserById(db: DbOrTx, id: string): Promise<UserWithAccess | null> {
  return findUser(db, eq(users.id, id));
}

export async function setUserActive(db: DbOrTx, params: { userId: string; active: boolean }): Promise<void> {
  await db.update(users).set({ active: params.active, updatedAt: new Date() }).where(eq(users.id, params.userId));
}

export async function getTotpSecretEncrypted(db: DbOrTx, userId: string): Promise<string | null> {
  const [row] = await db.select({ secret: users.totpSecretEncrypted }).from(users).where(eq(users.id, userId));
  return row?.secret ?? null;
}

/** The active people of an organisation who hold a role (e.g. finance, for funding alerts). */
export async function listActiveUserIdsWithRole(db: DbOrTx, params: { organizationId: string; role: Role }): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(users.organizationId, params.organizationId), eq(users.active, true), eq(userRoles.role, params.role)));
  return rows.map((row) => row.id);
}

/** The person's sign-in credentials under a share lock: a change to them waits for this transaction, or this for it. */
export function lockSignInCredentials(db: DbOrTx, userId: string): Promise<{ passwordHash: string | null; totpSecretEncrypted: string | null; active: boolean } | null> {
  return lockPersonForShare(db, { userId });
}

/**
 * Locks these people's users rows until the transaction ends, in id order (two changes naming the same people lock
 * them alike). FOR NO KEY UPDATE, the lock an UPDATE of the row takes: it serialises changes to a person's teams, yet
 * does not hold back the foreign-key checks (KEY SHARE) of rows inserted for them meanwhile (requests, events, audit).
 */
export async function lockUsers(db: DbOrTx, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return;
  await db.select({ id: users.id }).from(users).where(inArray(users.id, [...new Set(userIds)])).orderBy(asc(users.id)).for("no key update");
}
