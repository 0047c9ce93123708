import { randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
import { emailTaken, insertUser, replaceUserRoles, replaceUserTeams } from "@/db/queries/people";
import { lockStandInRequestsOfTeams } from "@/db/queries/request-stand-ins";
import { lockTeams } from "@/db/queries/team-admin";
import { findUserById } from "@/db/queries/users";
import { ActionError, alreadyAudited } from "@/lib/actions/result";
import { record } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/password";
import { notifyNewFinanceMember } from "@/lib/requests/request-notices";
import { membersOfTeams, recordTeamsMembersChanged } from "@/lib/teams/record-members-changed";
import { withdrawLapsedStandIns } from "@/lib/requests/stand-in-lapse";
import type { AdminContext } from "./admin-context";
import { recordAdminRefusal } from "./admin-refusal";
import { issueInvitation } from "./invitations";
import { refuseWeakPassword } from "./password-strength";
import type { CreatePersonInput } from "./schemas";
import { assertTeamsInOrganization } from "./team-access";

export type CreatedPerson = { userId: string; invitation: { url: string; expiresAt: Date } | null };

const INTO_MANAGED_TEAM = "You cannot add people to a team you manage. Ask another administrator.";

/**
 * Adds a person, either with an invitation link (single use, seven days) or with an initial password they must
 * replace at first sign-in. SECURITY: the audit row holds neither the password nor the link. Four eyes, as when an
 * existing person is added (updatePerson): nobody creates a person straight into a team they manage, whose requests
 * and cards would then wait for their approval; refused and audited. Created a team's manager, they end finance's
 * standing in there (withdrawLapsedStandIns); created with the finance role, they are told what waits for finance.
 */
export async function createPerson(db: Db, context: AdminContext, input: CreatePersonInput): Promise<CreatedPerson> {
  if (input.method === "password") refuseWeakPassword(input.password, input, "their");
  // Until an invitation is accepted the account holds a hash of random bytes nobody knows: no password signs in.
  const passwordHash = await hashPassword(input.method === "password" ? input.password : randomBytes(32).toString("base64url"));
  const created = await db.transaction(async (tx): Promise<CreatedPerson | { refusedTeams: string[] }> => {
    if (await emailTaken(tx, input.email)) throw new ActionError("conflict", "Someone already uses this email address.", { email: "Someone already uses this email address." });
    await assertTeamsInOrganization(tx, { organizationId: context.organizationId, teamIds: input.teams.map((team) => team.teamId) });
    const actorManages = (await findUserById(tx, context.actorUserId))?.managedTeamIds ?? [];
    const intoManaged = input.teams.map((team) => team.teamId).filter((teamId) => actorManages.includes(teamId));
    if (intoManaged.length > 0) {
      // The person does not exist yet: the refusal is filed under the (first) team they would have joined.
      const target = { targetType: "team" as const, targetId: intoManaged[0]!, teamId: intoManaged[0]! };
      await recordAdminRefusal(tx, context, target, "manages_team", { added: { teams: intoManaged, email: input.email } });
      return { refusedTeams: intoManaged };
    }
    // Lock order (lib/users/team-move.ts): the teams they join, then those teams' requests finance took the manager's
    // step of, before any write.
    const teamIds = [...new Set(input.teams.map((team) => team.teamId))];
    await lockTeams(tx, teamIds);
    const managed = input.roles.includes("manager") ? input.teams.filter((team) => team.manager).map((team) => team.teamId) : [];
    const standIns = await lockStandInRequestsOfTeams(tx, { organizationId: context.organizationId, teamIds: managed });
    const teamMembersBefore = await membersOfTeams(tx, teamIds);
    const userId = await insertUser(tx, {
      organizationId: context.organizationId,
      email: input.email,
      name: input.name,
      passwordHash,
      mustChangePassword: input.method === "password",
    });
    await replaceUserRoles(tx, { userId, roles: input.roles });
    await replaceUserTeams(tx, { userId, teams: input.teams });
    const withdrawnStandIns = await withdrawLapsedStandIns(tx, { userId: context.actorUserId, audit: context }, standIns);
    const invitation = input.method === "invite" ? await issueInvitation(tx, { userId, purpose: "invite", createdByUserId: context.actorUserId }) : null;
    await record(tx, context, {
      action: input.method === "invite" ? "user.invited" : "user.created",
      targetType: "user",
      targetId: userId,
      summary: {
        after: { name: input.name, email: input.email, roles: [...input.roles].sort(), teams: input.teams },
        method: input.method,
        ...(invitation ? { invitationExpiresAt: invitation.expiresAt } : {}),
        ...(withdrawnStandIns.length > 0 ? { withdrawnStandIns } : {}),
      },
    });
    // Each team they join gets its own row, for its managers' view (the person's row above is filed under no team).
    await recordTeamsMembersChanged(tx, context, teamMembersBefore);
    if (input.roles.includes("finance")) await notifyNewFinanceMember(tx, { id: userId, organizationId: context.organizationId });
    return { userId, invitation };
  });
  if ("refusedTeams" in created) throw alreadyAudited(new ActionError("forbidden", INTO_MANAGED_TEAM, { teams: INTO_MANAGED_TEAM }));
  return created;
}
