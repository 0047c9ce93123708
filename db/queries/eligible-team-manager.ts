import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { teamMemberships } from "@/db/schema/teams";
import { userRoles, users } from "@/db/schema/users";

// Aliased: a query that tests for another manager may itself read team_memberships, users or user_roles.
const member = alias(teamMemberships, "eligible_membership");
const memberUser = alias(users, "eligible_user");
const memberRole = alias(userRoles, "eligible_role");

/**
 * A correlated `select 1` for (NOT) EXISTS: someone who could take a team's manager step, being an active person of
 * the organisation who holds the manager role and is marked the team's manager, and is none of `notUserIds` (each
 * compared with IS DISTINCT FROM, so a null one excludes nobody). The one rule for who can approve as a team's manager
 * in SQL: lib/requests/policy.ts (eligibleApprovers) applies the same to the people listApproverCandidates reads.
 */
export function eligibleTeamManager(params: { teamId: SQLWrapper; organizationId: SQLWrapper | string; notUserIds: SQLWrapper[] }): SQL {
  const excluded = params.notUserIds.map((userId) => sql` and ${member.userId} is distinct from ${userId}`);
  // An alias interpolated alone is its name only: each is written after its table's.
  return sql`select 1 from ${teamMemberships} ${member}
    join ${users} ${memberUser} on ${memberUser.id} = ${member.userId} and ${memberUser.active} and ${memberUser.organizationId} = ${params.organizationId}
    join ${userRoles} ${memberRole} on ${memberRole.userId} = ${member.userId} and ${memberRole.role} = 'manager'
    where ${member.teamId} = ${params.teamId} and ${member.isManager}${sql.join(excluded)}`;
}
