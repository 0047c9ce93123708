import type { Role } from "@/db/schema/users";

/**
 * Managing a team takes the manager role as well as being named its manager (lib/auth/permissions.ts,
 * managedTeamIdsOf). Naming someone without the role is refused: their approval would be taken as a manager's and then
 * refused when the request is carried out, and their team would wait for a manager it does not have.
 */
export const MANAGER_ROLE_NEEDED = "Only someone with the manager role can manage a team: tick Manager under Roles, or make them a member of the team instead.";

/** The members step of Settings → Teams: who is named a manager there without holding the role. */
export const managerRoleNeededFor = (names: readonly string[]) =>
  `${names.join(", ")} ${names.length === 1 ? "does" : "do"} not hold the manager role, so cannot manage a team: choose Member, or first give them the manager role on Settings → People.`;

/** Whether a person with these roles is named a manager of any of these teams without the manager role. */
export function namedManagerWithoutRole(roles: readonly Role[], teams: readonly { manager: boolean }[]): boolean {
  return !roles.includes("manager") && teams.some((team) => team.manager);
}
