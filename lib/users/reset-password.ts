import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { findPerson, updateUserFields } from "@/db/queries/people";
import { lockUsers } from "@/db/queries/users";
import { sessions } from "@/db/schema/sessions";
import { userInvitations } from "@/db/schema/user-credentials";
import { ActionError } from "@/lib/actions/result";
import { record, type AuditContext } from "@/lib/audit/record";
import { endUserSessions } from "@/lib/auth/end-session";
import { hashPassword } from "@/lib/auth/password";
import { issueInvitation } from "./invitations";
import { isStillInvited } from "./still-invited";

/**
 * Whether the person is still invited (isStillInvited: the rule lib/users/first-password.ts and `npm run setup --
 * --new-link` use). Their links are locked, so a link being used at this moment is either seen used here or finds
 * itself revoked by the new one.
 */
async function stillInvited(db: DbOrTx, userId: string): Promise<boolean> {
  const links = await db.select({ purpose: userInvitations.purpose, usedAt: userInvitations.usedAt }).from(userInvitations).where(eq(userInvitations.userId, userId)).for("update");
  const [session] = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId)).limit(1);
  return isStillInvited(links, session !== undefined);
}

/**
 * An administrator's password reset: the old password stops working and every session ends at once (the usual reason
 * is a suspected compromise); the person chooses a new password through a fresh single-use link. Settings → People
 * also uses it for "New invitation link" (the earlier link is revoked): for someone still invited (stillInvited) the
 * link is a new invitation, audited as user.invitation_reissued, since they have no password or session to lose;
 * anyone else's is a reset, audited as user.password_reset_issued (rows recorded before invitations were told apart
 * keep that action whoever they were for). The actor is an administrator of the person's organisation or, from
 * `npm run setup -- --new-link`, the operator (no person: actorUserId null). Inside a transaction it runs as a
 * savepoint of it.
 */
export async function resetPassword(db: DbOrTx, context: AuditContext & { organizationId: string }, input: { userId: string }): Promise<{ url: string; expiresAt: Date }> {
  const unusable = await hashPassword(randomBytes(32).toString("base64url"));
  return db.transaction(async (tx) => {
    // The person's row first, as a deactivation takes it: a link issued while they are deactivated in another
    // transaction is either revoked by it or refused here, never left behind it.
    await lockUsers(tx, [input.userId]);
    const person = await findPerson(tx, input.userId);
    if (!person || person.organizationId !== context.organizationId) throw new ActionError("not_found", "That person does not exist.");
    if (!person.active) throw new ActionError("conflict", "Reactivate this person before resetting their password.");
    if (await stillInvited(tx, person.id)) {
      // Their password was never theirs (random since the invitation) and no session of theirs exists: only the link changes.
      const invitation = await issueInvitation(tx, { userId: person.id, purpose: "invite", createdByUserId: context.actorUserId });
      await record(tx, context, { action: "user.invitation_reissued", targetType: "user", targetId: person.id, summary: { invitationExpiresAt: invitation.expiresAt } });
      return invitation;
    }
    await updateUserFields(tx, person.id, { passwordHash: unusable, mustChangePassword: false });
    await endUserSessions(tx, { owner: person, reason: "password_reset", actor: context });
    const invitation = await issueInvitation(tx, { userId: person.id, purpose: "reset", createdByUserId: context.actorUserId });
    await record(tx, context, {
      action: "user.password_reset_issued",
      targetType: "user",
      targetId: person.id,
      summary: { invitationExpiresAt: invitation.expiresAt, sessionsRevoked: true },
    });
    return invitation;
  });
}
