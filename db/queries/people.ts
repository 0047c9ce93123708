import { and, asc, desc, eq, ilike, inArray, isNull, gt, notInArray, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { cards } from "@/db/schema/cards";
import type { CardStatus } from "@/lib/providers/types";
import { organizations } from "@/db/schema/organizations";
import { teamMemberships, teams } from "@/db/schema/teams";
import { sessions } from "@/db/schema/sessions";
import { userInvitations } from "@/db/schema/user-credentials";
import { isStillInvited } from "@/lib/users/still-invited";
import { userRoles, users, type Role } from "@/db/schema/users";
import { containsPattern } from "./contains-pattern";
import { keysetPage } from "@/lib/lists/keyset-page";
import { readTogether } from "./read-together";

/** A person as the administration screens show them: never a password hash, a TOTP secret or a token. */
export type PersonSummary = {
  id: string;
  name: string;
  email: string;
  active: boolean;
  roles: Role[];
  teams: { id: string; name: string; manager: boolean }[];
  hasTotp: boolean;
  mustChangePassword: boolean;
  invitationPendingUntil: Date | null;
  /** Invited by a link and never in since (isStillInvited): a new link for them is an invitation, not a reset. */
  stillInvited: boolean;
  openCards: number;
};

/** A card in one of these states can do nothing any more; "open cards" are all the others. */
const CLOSED_CARD_STATUSES: CardStatus[] = ["cancelled", "failed", "expired"];

type PersonRow = { id: string; name: string; email: string; active: boolean; hasTotp: boolean; mustChangePassword: boolean };

const personColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  active: users.active,
  hasTotp: sql<boolean>`${users.totpSecretEncrypted} is not null`,
  mustChangePassword: users.mustChangePassword,
};

function peopleConditions(params: { organizationId: string; q?: string }): SQL[] {
  const conditions = [eq(users.organizationId, params.organizationId)];
  if (params.q) {
    const pattern = containsPattern(params.q);
    conditions.push(or(ilike(users.name, pattern), ilike(users.email, pattern))!);
  }
  return conditions;
}

/** Roles, teams, a pending invitation and open cards of each person in `rows`. */
async function withDetails(db: DbOrTx, rows: PersonRow[], now: Date): Promise<PersonSummary[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [roleRows, teamRows, invitationRows, cardRows, linkRows, sessionRows] = await readTogether(db, [
    () => db.select().from(userRoles).where(inArray(userRoles.userId, ids)),
    () => db
      .select({ userId: teamMemberships.userId, id: teams.id, name: teams.name, manager: teamMemberships.isManager })
      .from(teamMemberships)
      .innerJoin(teams, eq(teams.id, teamMemberships.teamId))
      .where(inArray(teamMemberships.userId, ids))
      .orderBy(asc(teams.name)),
    () => db
      .select({ userId: userInvitations.userId, expiresAt: userInvitations.expiresAt })
      .from(userInvitations)
      .where(and(inArray(userInvitations.userId, ids), isNull(userInvitations.usedAt), isNull(userInvitations.revokedAt), gt(userInvitations.expiresAt, now))),
    () => db
      .select({ userId: cards.ownerUserId, n: sql<number>`count(*)::int` })
      .from(cards)
      .where(and(inArray(cards.ownerUserId, ids), notInArray(cards.status, CLOSED_CARD_STATUSES)))
      .groupBy(cards.ownerUserId),
    () => db.select({ userId: userInvitations.userId, purpose: userInvitations.purpose, usedAt: userInvitations.usedAt }).from(userInvitations).where(inArray(userInvitations.userId, ids)),
    () => db.selectDistinct({ userId: sessions.userId }).from(sessions).where(inArray(sessions.userId, ids)),
  ]);
  const hadSession = new Set(sessionRows.map((session) => session.userId));
  return rows.map((row) => ({
    ...row,
    roles: roleRows.filter((role) => role.userId === row.id).map((role) => role.role).sort(),
    teams: teamRows.filter((team) => team.userId === row.id).map(({ id, name, manager }) => ({ id, name, manager })),
    invitationPendingUntil: invitationRows.find((invitation) => invitation.userId === row.id)?.expiresAt ?? null,
    stillInvited: isStillInvited(linkRows.filter((link) => link.userId === row.id), hadSession.has(row.id)),
    openCards: cardRows.find((card) => card.userId === row.id)?.n ?? 0,
  }));
}

/** The people list's keyset: (name, email, id), the order of users_organization_name_email_id_idx. */
export type PeopleCursor = { name: string; email: string; id: string };

export type PeoplePage = { rows: PersonSummary[]; nextCursor: PeopleCursor | null; previousCursor: PeopleCursor | null };

/** One page of the people settings list, by name, keyset-paginated on the organisation's name index. */
export async function listPeoplePage(
  db: DbOrTx,
  params: { organizationId: string; q?: string; after?: PeopleCursor; before?: PeopleCursor; limit: number; now?: Date },
): Promise<PeoplePage> {
  const conditions = peopleConditions(params);
  const backwards = params.before !== undefined;
  const cursor = params.before ?? params.after;
  if (cursor) {
    const key = sql`(${users.name}, ${users.email}, ${users.id})`;
    const value = sql`(${cursor.name}::text, ${cursor.email}::text, ${cursor.id}::uuid)`;
    conditions.push(backwards ? sql`${key} < ${value}` : sql`${key} > ${value}`);
  }
  const direction = backwards ? desc : asc;
  const fetched = await db
    .select(personColumns)
    .from(users)
    .where(and(...conditions))
    .orderBy(direction(users.name), direction(users.email), direction(users.id))
    .limit(params.limit + 1);
  const page = keysetPage(fetched, {
    limit: params.limit,
    backwards,
    fromCursor: cursor !== undefined,
    toCursor: (row): PeopleCursor => ({ name: row.name, email: row.email, id: row.id }),
  });
  return { ...page, rows: await withDetails(db, page.rows, params.now ?? new Date()) };
}

export type PersonRecord = { id: string; organizationId: string; name: string; email: string; active: boolean; roles: Role[]; teams: { teamId: string; manager: boolean }[] };

export async function findPerson(db: DbOrTx, id: string): Promise<PersonRecord | null> {
  const [row] = await db
    .select({ id: users.id, organizationId: users.organizationId, name: users.name, email: users.email, active: users.active })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  if (!row) return null;
  const [roleRows, teamRows] = await readTogether(db, [
    () => db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, id)),
    () => db.select({ teamId: teamMemberships.teamId, manager: teamMemberships.isManager }).from(teamMemberships).where(eq(teamMemberships.userId, id)),
  ]);
  return { ...row, roles: roleRows.map((role) => role.role).sort(), teams: teamRows.sort((a, b) => a.teamId.localeCompare(b.teamId)) };
}

export async function emailTaken(db: DbOrTx, email: string): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, email.trim().toLowerCase())).limit(1);
  return Boolean(row);
}

export async function insertUser(
  db: DbOrTx,
  params: { organizationId: string; email: string; name: string; passwordHash: string; mustChangePassword: boolean },
): Promise<string> {
  const [row] = await db.insert(users).values(params).returning({ id: users.id });
  return row!.id;
}

export async function updateUserFields(db: DbOrTx, id: string, fields: Partial<{ name: string; passwordHash: string; mustChangePassword: boolean; active: boolean }>): Promise<void> {
  await db.update(users).set({ ...fields, updatedAt: new Date() }).where(eq(users.id, id));
}

export async function replaceUserRoles(db: DbOrTx, params: { userId: string; roles: readonly Role[] }): Promise<void> {
  await db.delete(userRoles).where(eq(userRoles.userId, params.userId));
  if (params.roles.length) await db.insert(userRoles).values(params.roles.map((role) => ({ userId: params.userId, role })));
}

export async function replaceUserTeams(db: DbOrTx, params: { userId: string; teams: readonly { teamId: string; manager: boolean }[] }): Promise<void> {
  await db.delete(teamMemberships).where(eq(teamMemberships.userId, params.userId));
  if (params.teams.length) {
    await db.insert(teamMemberships).values(params.teams.map((team) => ({ userId: params.userId, teamId: team.teamId, isManager: team.manager })));
  }
}

/** Serialises every change that could leave an organisation without an active admin (see lib/users/last-admin). */
export async function lockOrganization(db: DbOrTx, organizationId: string): Promise<void> {
  await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, organizationId)).for("update");
}

export async function countActiveAdmins(db: DbOrTx, params: { organizationId: string; exceptUserId?: string }): Promise<number> {
  const conditions = [eq(users.organizationId, params.organizationId), eq(users.active, true), eq(userRoles.role, "admin")];
  if (params.exceptUserId) conditions.push(sql`${users.id} <> ${params.exceptUserId}`);
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(...conditions));
  return row?.n ?? 0;
}

export async function listOpenCardsOf(db: DbOrTx, params: { organizationId: string; ownerUserId: string }) {
  return db
    .select({ id: cards.id, alias: cards.alias, maskedNumber: cards.maskedNumber, status: cards.status })
    .from(cards)
    .where(and(eq(cards.organizationId, params.organizationId), eq(cards.ownerUserId, params.ownerUserId), notInArray(cards.status, CLOSED_CARD_STATUSES)))
    .orderBy(asc(cards.alias), asc(cards.id));
}

/**
 * Locks a person's open cards in these teams, in id order (two moves lock them in the same order). Closed cards are
 * left where they are: their history stays readable in the team that had them.
 */
export async function lockOpenCardsOfHolderInTeams(db: DbOrTx, params: { organizationId: string; ownerUserId: string; teamIds: readonly string[] }) {
  if (params.teamIds.length === 0) return [];
  return db
    .select()
    .from(cards)
    .where(
      and(
        eq(cards.organizationId, params.organizationId),
        eq(cards.ownerUserId, params.ownerUserId),
        inArray(cards.teamId, [...params.teamIds]),
        notInArray(cards.status, CLOSED_CARD_STATUSES),
      ),
    )
    .orderBy(asc(cards.id))
    .for("update");
}

/** Open cards still assigned to deactivated people: finance reassigns or freezes them. */
export async function listCardsOfDeactivatedOwners(db: DbOrTx, params: { organizationId: string; limit: number }) {
  return db
    .select({ id: cards.id, alias: cards.alias, maskedNumber: cards.maskedNumber, status: cards.status, ownerName: users.name })
    .from(cards)
    .innerJoin(users, eq(users.id, cards.ownerUserId))
    .where(and(eq(cards.organizationId, params.organizationId), eq(users.active, false), notInArray(cards.status, CLOSED_CARD_STATUSES)))
    .orderBy(asc(users.name), asc(cards.alias), asc(cards.id))
    .limit(params.limit);
}
