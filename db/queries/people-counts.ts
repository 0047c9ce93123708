import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { userInvitations } from "@/db/schema/user-credentials";
import { userRoles, users, type Role } from "@/db/schema/users";
import { readTogether } from "./read-together";

export type PeopleCounts = {
  active: number;
  deactivated: number;
  /** Active people whose newest sign-in link (invitation or reset) is still open: they have not set a password yet. */
  linkOpen: number;
  /** Active people whose newest sign-in link expired unused: they need a new one from an administrator. */
  linkExpired: number;
  /** Active people holding a role that must use two-factor sign-in, without an authenticator. */
  missingTwoFactor: number;
};

/** The organisation's people as the administrator's overview counts them. */
export async function countPeople(db: DbOrTx, params: { organizationId: string; now: Date; twoFactorRoles: readonly Role[] }): Promise<PeopleCounts> {
  const needsTwoFactor =
    params.twoFactorRoles.length > 0
      ? sql`exists (select 1 from ${userRoles} where ${userRoles.userId} = ${users.id} and ${inArray(userRoles.role, [...params.twoFactorRoles])})`
      : sql`false`;
  // Only people who were ever sent a link are read here, each by their newest link.
  const newestLinks = db
    .selectDistinctOn([userInvitations.userId], { usedAt: userInvitations.usedAt, revokedAt: userInvitations.revokedAt, expiresAt: userInvitations.expiresAt })
    .from(userInvitations)
    .innerJoin(users, eq(users.id, userInvitations.userId))
    .where(and(eq(users.organizationId, params.organizationId), eq(users.active, true)))
    .orderBy(userInvitations.userId, sql`${userInvitations.createdAt} desc`)
    .as("newest_links");
  const unused = sql`${newestLinks.usedAt} is null and ${newestLinks.revokedAt} is null`;
  const [[people], [links]] = await readTogether(db, [
    () => db
      .select({
        active: sql<number>`(count(*) filter (where ${users.active}))::int`,
        deactivated: sql<number>`(count(*) filter (where not ${users.active}))::int`,
        missingTwoFactor: sql<number>`(count(*) filter (where ${users.active} and ${users.totpSecretEncrypted} is null and ${needsTwoFactor}))::int`,
      })
      .from(users)
      .where(eq(users.organizationId, params.organizationId)),
    () => db
      .select({
        linkOpen: sql<number>`(count(*) filter (where ${unused} and ${newestLinks.expiresAt} > ${params.now}))::int`,
        linkExpired: sql<number>`(count(*) filter (where ${unused} and ${newestLinks.expiresAt} <= ${params.now}))::int`,
      })
      .from(newestLinks),
  ]);
  return {
    active: people?.active ?? 0,
    deactivated: people?.deactivated ?? 0,
    missingTwoFactor: people?.missingTwoFactor ?? 0,
    linkOpen: links?.linkOpen ?? 0,
    linkExpired: links?.linkExpired ?? 0,
  };
}
