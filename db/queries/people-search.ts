import { and, asc, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { teamMemberships } from "@/db/schema/teams";
import { userRoles, users, type Role } from "@/db/schema/users";
import type { VisibilityFilter } from "@/lib/auth/permissions";
import { containsPattern } from "./contains-pattern";

/** One person as a picker shows them: never a password hash, a secret or a role. */
export type PersonOption = { id: string; name: string; email: string; active: boolean; teamIds: string[] };

/** A picker shows at most this many matches: a person types more to narrow, never scrolls through the company. */
export const PEOPLE_SEARCH_LIMIT = 20;

/**
 * Whom the caller may see, from visibilityFor(): everyone, or themselves and the members of the teams they manage.
 * Written as a subquery so it binds one parameter per managed team, never one per person.
 */
function visibleTo(visibility: VisibilityFilter): SQL | undefined {
  if (visibility.all) return undefined;
  const self = eq(users.id, visibility.ownerUserId);
  if (visibility.teamIds.length === 0) return self;
  const members = sql`(select ${teamMemberships.userId} from ${teamMemberships} where ${inArray(teamMemberships.teamId, [...visibility.teamIds])})`;
  return or(self, sql`${users.id} in ${members}`);
}

async function withTeams(db: DbOrTx, rows: Omit<PersonOption, "teamIds">[]): Promise<PersonOption[]> {
  if (rows.length === 0) return [];
  // Bounded by the page of people (at most PEOPLE_SEARCH_LIMIT ids), not by the organisation.
  const memberships = await db
    .select({ userId: teamMemberships.userId, teamId: teamMemberships.teamId })
    .from(teamMemberships)
    .where(inArray(teamMemberships.userId, rows.map((row) => row.id)));
  return rows.map((row) => ({ ...row, teamIds: memberships.filter((membership) => membership.userId === row.id).map((membership) => membership.teamId).sort() }));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const columns = { id: users.id, name: users.name, email: users.email, active: users.active };

/**
 * People of one organisation whose name or email contains the text (case-insensitive), within what the caller may
 * see, in name, email, id order. With no text it returns the first people of that order. Served by
 * users_organization_name_email_id_idx and the name and email trigram indexes.
 */
export async function searchPeople(
  db: DbOrTx,
  params: { organizationId: string; visibility: VisibilityFilter; q?: string; activeOnly?: boolean; roles?: readonly Role[]; limit?: number },
): Promise<PersonOption[]> {
  const conditions: (SQL | undefined)[] = [eq(users.organizationId, params.organizationId), visibleTo(params.visibility)];
  if (params.activeOnly) conditions.push(eq(users.active, true));
  // Only people holding one of these roles: a probe of user_roles' (user_id, role) key per person.
  if (params.roles) conditions.push(sql`exists (select 1 from ${userRoles} where ${userRoles.userId} = ${users.id} and ${inArray(userRoles.role, [...params.roles])})`);
  const text = params.q?.trim();
  if (text) {
    const pattern = containsPattern(text);
    conditions.push(or(ilike(users.name, pattern), ilike(users.email, pattern)));
  }
  const rows = await db
    .select(columns)
    .from(users)
    .where(and(...conditions))
    .orderBy(asc(users.name), asc(users.email), asc(users.id))
    .limit(Math.min(params.limit ?? PEOPLE_SEARCH_LIMIT, PEOPLE_SEARCH_LIMIT));
  return withTeams(db, rows);
}

/** A few people by id (the chosen ones, to show their names), dropping any the caller may not see. */
export async function findPeopleByIds(db: DbOrTx, params: { organizationId: string; visibility: VisibilityFilter; ids: readonly string[] }): Promise<PersonOption[]> {
  // Only well-formed ids reach PostgreSQL (a malformed uuid would be an error there, not "nobody").
  const ids = [...new Set(params.ids)].filter((id) => UUID.test(id)).slice(0, PEOPLE_SEARCH_LIMIT);
  if (ids.length === 0) return [];
  const rows = await db
    .select(columns)
    .from(users)
    .where(and(eq(users.organizationId, params.organizationId), inArray(users.id, ids), visibleTo(params.visibility)))
    .orderBy(asc(users.name), asc(users.email), asc(users.id));
  return withTeams(db, rows);
}
