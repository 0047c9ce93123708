import { and, asc, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { cardHoldings } from "@/db/schema/card-holdings";
import { cards } from "@/db/schema/cards";
import { cardRequests, OPEN_REQUEST_STATUSES } from "@/db/schema/requests";
import { CLOSED_CARD_STATUSES } from "@/db/queries/card-updates";
import { teamMemberships, teams } from "@/db/schema/teams";
import { transactions } from "@/db/schema/transactions";
import { userRoles, users } from "@/db/schema/users";

export type TeamWithMembers = {
  id: string;
  name: string;
  archivedAt: Date | null;
  members: { userId: string; name: string; active: boolean; manager: boolean }[];
};

export async function listTeamsWithMembers(db: DbOrTx, params: { organizationId: string }): Promise<TeamWithMembers[]> {
  const teamRows = await db.select({ id: teams.id, name: teams.name, archivedAt: teams.archivedAt }).from(teams).where(eq(teams.organizationId, params.organizationId)).orderBy(asc(teams.name), asc(teams.id));
  if (teamRows.length === 0) return [];
  const memberRows = await db
    .select({ teamId: teamMemberships.teamId, userId: users.id, name: users.name, active: users.active, manager: teamMemberships.isManager })
    .from(teamMemberships)
    .innerJoin(users, eq(users.id, teamMemberships.userId))
    .where(inArray(teamMemberships.teamId, teamRows.map((team) => team.id)))
    .orderBy(asc(users.name));
  return teamRows.map((team) => ({
    ...team,
    members: memberRows.filter((row) => row.teamId === team.id).map(({ userId, name, active, manager }) => ({ userId, name, active, manager })),
  }));
}

/**
 * The other team of the organisation with this name, whatever its capitals ("Marketing", "marketing"), archived or
 * not; null when there is none. Look-alike teams put cards, requests and approvals in the wrong one. Call it in the
 * transaction that then writes the name: it takes the organisation's team-name lock first (until that transaction
 * ends), so two creations or renames of one name cannot both pass (the unique index only refuses an exact match).
 */
export async function teamWithName(
  db: DbOrTx,
  params: { organizationId: string; name: string; exceptTeamId?: string },
): Promise<{ name: string; archived: boolean } | null> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`team-names:${params.organizationId}`}, 0))`);
  const rows = await db
    .select({ id: teams.id, name: teams.name, archivedAt: teams.archivedAt })
    .from(teams)
    .where(and(eq(teams.organizationId, params.organizationId), sql`lower(${teams.name}) = lower(${params.name})`));
  const other = rows.find((row) => row.id !== params.exceptTeamId);
  return other ? { name: other.name, archived: other.archivedAt !== null } : null;
}

export async function insertTeam(db: DbOrTx, params: { organizationId: string; name: string }): Promise<string> {
  const [row] = await db.insert(teams).values(params).returning({ id: teams.id });
  return row!.id;
}

export async function renameTeam(db: DbOrTx, params: { id: string; name: string }): Promise<void> {
  await db.update(teams).set({ name: params.name }).where(eq(teams.id, params.id));
}

export async function teamMembers(db: DbOrTx, teamId: string): Promise<{ userId: string; manager: boolean }[]> {
  return db
    .select({ userId: teamMemberships.userId, manager: teamMemberships.isManager })
    .from(teamMemberships)
    .where(eq(teamMemberships.teamId, teamId))
    .orderBy(asc(teamMemberships.userId));
}

/** Of these people, the names of those without the manager role, by name (lib/teams/manager-role.ts). */
export async function namesWithoutManagerRole(db: DbOrTx, userIds: readonly string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .select({ name: users.name })
    .from(users)
    .where(and(inArray(users.id, [...userIds]), sql`not exists (select 1 from ${userRoles} where ${userRoles.userId} = ${users.id} and ${userRoles.role} = 'manager')`))
    .orderBy(asc(users.name));
  return rows.map((row) => row.name);
}

export async function replaceTeamMembers(db: DbOrTx, params: { teamId: string; members: readonly { userId: string; manager: boolean }[] }): Promise<void> {
  await db.delete(teamMemberships).where(eq(teamMemberships.teamId, params.teamId));
  if (params.members.length) {
    await db.insert(teamMemberships).values(params.members.map((member) => ({ teamId: params.teamId, userId: member.userId, isManager: member.manager })));
  }
}

export async function usersInOrganization(db: DbOrTx, params: { organizationId: string; userIds: readonly string[] }): Promise<number> {
  if (params.userIds.length === 0) return 0;
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.organizationId, params.organizationId), inArray(users.id, [...params.userIds])));
  return rows.length;
}

/**
 * Locks these teams' rows until the transaction ends, in id order, so two changes to one team's members take turns.
 * FOR NO KEY UPDATE, as lockUsers: rows inserted meanwhile that refer to the team (requests, cards, audit) still pass
 * their foreign-key checks. Answers each locked team's archived time, read under the lock.
 */
export async function lockTeams(db: DbOrTx, teamIds: readonly string[]): Promise<{ id: string; archivedAt: Date | null }[]> {
  if (teamIds.length === 0) return [];
  return db
    .select({ id: teams.id, archivedAt: teams.archivedAt })
    .from(teams)
    .where(inArray(teams.id, [...new Set(teamIds)]))
    .orderBy(asc(teams.id))
    .for("no key update");
}

/**
 * Whether any card, card request or transaction names this team, now or in a card's past holdings: the team's history,
 * which keeps it. Each test walks an index led by team_id.
 */
export async function teamHasHistory(db: DbOrTx, teamId: string): Promise<boolean> {
  const named = (table: typeof cards | typeof cardRequests | typeof transactions | typeof cardHoldings) => sql`exists (select 1 from ${table} where ${table.teamId} = ${teamId})`;
  const result = await db.execute<{ named: boolean }>(sql`select (${named(cards)} or ${named(cardRequests)} or ${named(transactions)} or ${named(cardHoldings)}) as named`);
  return result.rows[0]?.named === true;
}

/**
 * The team's row locked FOR UPDATE (a deletion, archiving or restoring): a card, membership or edit naming it waits,
 * then finds it gone or archived (lib/users/team-access.ts reads the teams it adds people to FOR SHARE).
 */
export async function lockTeamRow(db: DbOrTx, teamId: string): Promise<{ id: string; name: string; organizationId: string; archivedAt: Date | null } | null> {
  const [row] = await db
    .select({ id: teams.id, name: teams.name, organizationId: teams.organizationId, archivedAt: teams.archivedAt })
    .from(teams)
    .where(eq(teams.id, teamId))
    .for("update");
  return row ?? null;
}

/**
 * What still runs through the team: cards not closed (or failed) that belong to it, and requests under way routed to
 * it. Each count walks an index led by team_id.
 */
export async function teamWorkInProgress(db: DbOrTx, teamId: string): Promise<{ openCards: number; openRequests: number }> {
  const [cardsRow] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(cards)
    .where(and(eq(cards.teamId, teamId), notInArray(cards.status, [...CLOSED_CARD_STATUSES, "failed"])));
  const [requestsRow] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(cardRequests)
    .where(and(eq(cardRequests.teamId, teamId), inArray(cardRequests.status, [...OPEN_REQUEST_STATUSES])));
  return { openCards: cardsRow?.count ?? 0, openRequests: requestsRow?.count ?? 0 };
}

export async function setTeamArchivedAt(db: DbOrTx, params: { id: string; archivedAt: Date | null }): Promise<void> {
  await db.update(teams).set({ archivedAt: params.archivedAt }).where(eq(teams.id, params.id));
}

export async function deleteTeamRow(db: DbOrTx, teamId: string): Promise<void> {
  await db.delete(teams).where(eq(teams.id, teamId));
}
