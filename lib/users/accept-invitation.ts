import type { Db } from "@/db/client";
import { markInvitationUsed } from "@/db/queries/invitations";
import { findPerson, updateUserFields } from "@/db/queries/people";
import { ActionError } from "@/lib/actions/result";
import { record, type AuditContext } from "@/lib/audit/record";
import { endUserSessions } from "@/lib/auth/end-session";
import { hashPassword } from "@/lib/auth/password";
import type { RequestMeta } from "@/lib/auth/session-user";
import { findInvitation, invitationStatus } from "./invitations";
import { refuseWeakPassword } from "./password-strength";

const REFUSALS = {
  unknown: "This link is not valid. Ask your administrator for a new one.",
  used: "This link was already used. Sign in with the password you chose, or ask your administrator for a new link.",
  revoked: "This link was replaced by a newer one. Use the latest link your administrator gave you.",
  expired: "This link has expired (links last seven days). Ask your administrator for a new one.",
} as const;

/** Sets the password of the person an invitation or reset link names, and spends the link (single use, atomically). */
export async function acceptInvitation(db: Db, meta: RequestMeta, input: { token: string; password: string }): Promise<{ email: string }> {
  const invitation = await findInvitation(db, input.token);
  const status = invitationStatus(invitation);
  if (status !== "valid") throw new ActionError("conflict", REFUSALS[status]);
  const invitee = await findPerson(db, invitation!.userId);
  if (invitee?.active) refuseWeakPassword(input.password, invitee);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const person = await findPerson(tx, invitation!.userId);
    if (!person?.active) throw new ActionError("conflict", "This account is deactivated. Ask your administrator.");
    if (!(await markInvitationUsed(tx, { id: invitation!.id, at: new Date() }))) throw new ActionError("conflict", REFUSALS.used);
    const context: AuditContext = { organizationId: person.organizationId, actorUserId: person.id, actorEmail: person.email, actorRoles: person.roles, ...meta };
    await updateUserFields(tx, person.id, { passwordHash, mustChangePassword: false });
    await endUserSessions(tx, { owner: person, reason: "password_changed", actor: context });
    await record(tx, context, {
      action: "user.password_set",
      targetType: "user",
      targetId: person.id,
      summary: { via: invitation!.purpose === "invite" ? "invitation" : "reset_link" },
    });
    return { email: person.email };
  });
}
