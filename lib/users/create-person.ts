import { randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
import { emailTaken, insertUser, replaceUserRoles, replaceUserTeams } from "@/db/queries/people";
import { ActionError } from "@/lib/actions/result";
import { record } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/password";
import type { AdminContext } from "./admin-context";
import { issueInvitation } from "./invitations";
import type { CreatePersonInput } from "./schemas";
import { assertTeamsInOrganization } from "./team-access";

export type CreatedPerson = { userId: string; invitation: { url: string; expiresAt: Date } | null };

/**
 * Adds a person, either with an invitation link (single use, seven days) or with an initial password they must
 * replace at first sign-in. SECURITY: the audit row holds neither the password nor the link.
 */
export async function createPerson(db: Db, context: AdminContext, input: CreatePersonInput): Promise<CreatedPerson> {
  // Until an invitation is accepted the account holds a hash of random bytes nobody knows: no password signs in.
  const passwordHash = await hashPassword(input.method === "password" ? input.password : randomBytes(32).toString("base64url"));
  return db.transaction(async (tx) => {
    if (await emailTaken(tx, input.email)) throw new ActionError("conflict", "Someone already uses this email address.", { email: "Someone already uses this email address." });
    await assertTeamsInOrganization(tx, { organizationId: context.organizationId, teamIds: input.teams.map((team) => team.teamId) });
    const userId = await insertUser(tx, {
      organizationId: context.organizationId,
      email: input.email,
      name: input.name,
      passwordHash,
      mustChangePassword: input.method === "password",
    });
    await replaceUserRoles(tx, { userId, roles: input.roles });
    await replaceUserTeams(tx, { userId, teams: input.teams });
    const invitation = input.method === "invite" ? await issueInvitation(tx, { userId, purpose: "invite", createdByUserId: context.actorUserId }) : null;
    await record(tx, context, {
      action: input.method === "invite" ? "user.invited" : "user.created",
      targetType: "user",
      targetId: userId,
      summary: {
        after: { name: input.name, email: input.email, roles: [...input.roles].sort(), teams: input.teams },
        method: input.method,
        ...(invitation ? { invitationExpiresAt: invitation.expiresAt } : {}),
      },
    });
    return { userId, invitation };
  });
}
