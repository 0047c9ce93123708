import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { findPerson, lockOrganization } from "@/db/queries/people";
import { organizations } from "@/db/schema/organizations";
import { sessions } from "@/db/schema/sessions";
import { userInvitations } from "@/db/schema/user-credentials";
import { users } from "@/db/schema/users";
import { ActionError } from "@/lib/actions/result";
import type { AuditContext } from "@/lib/audit/record";
import { resetPassword } from "@/lib/users/reset-password";
import { otherActiveAdminEmails } from "./other-active-admins";

export type NewAdminLink = {
  url: string;
  expiresAt: Date;
  email: string;
  name: string;
  organizationName: string;
  /** "invitation": they had never set a password; "reset": their password was reset (--reset-password). */
  kind: "invitation" | "reset";
  /** The organisation's other active administrators, who were not asked (--even-with-other-admins); usually none. */
  otherActiveAdmins: string[];
};

/**
 * The operator's way past the organisation's other administrators, for when none of them can sign in either (two
 * admins who lost their authenticators): told with the refusal, so it is only ever chosen knowingly.
 */
export function evenWithOtherAdminsHint(others: readonly string[], resetFlag: "--reset-password" | "--reset-two-factor"): string {
  return (
    `Its other active administrators: ${others.join(", ")}. If none of them can sign in either, run this again with ${resetFlag} ` +
    "--even-with-other-admins (the audit log records the reset as yours, with that flag)."
  );
}

/**
 * For `npm run setup -- --new-link`: a fresh single-use link for an administrator, issued the way Settings → People's
 * "New invitation link" / "Reset password" does (lib/users/reset-password: earlier links revoked; audited as
 * user.invitation_reissued for someone still invited, else as user.password_reset_issued with their sessions ended).
 * Allowed for an administrator who has never set a password (created with an invitation, no link ever used, no
 * session ever opened). Someone who has signed in is refused: another
 * administrator resets their password in the app; only with `resetSignedIn`, and only when no other active
 * administrator exists or the operator says `evenWithOtherAdmins` (none of them can sign in either), is their password
 * reset here. SECURITY: no password is read, printed or stored.
 */
export async function issueNewAdminLink(
  db: Db,
  context: Omit<AuditContext, "organizationId" | "actorUserId">,
  input: { email: string; resetSignedIn: boolean; evenWithOtherAdmins?: boolean },
): Promise<NewAdminLink> {
  const email = input.email.trim().toLowerCase();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: users.id, organizationId: users.organizationId, organizationName: organizations.name })
      .from(users)
      .innerJoin(organizations, eq(organizations.id, users.organizationId))
      .where(eq(sql`lower(${users.email})`, email))
      .limit(1);
    if (!row) throw new ActionError("not_found", `No one in this installation uses ${email}. Nothing was changed.`);
    // Serialises with demotions (lib/users/last-admin) and with a link being used at this moment: its claim
    // (markInvitationUsed) waits for these row locks, then finds the link revoked.
    await lockOrganization(tx, row.organizationId);
    const links = await tx
      .select({ usedAt: userInvitations.usedAt })
      .from(userInvitations)
      .where(eq(userInvitations.userId, row.id))
      .for("update");
    const person = await findPerson(tx, row.id);
    if (!person) throw new ActionError("not_found", `No one in this installation uses ${email}. Nothing was changed.`);
    const org = `"${row.organizationName}"`;
    if (!person.roles.includes("admin")) {
      throw new ActionError(
        "conflict",
        `${person.email} is not an administrator. An administrator of ${org} gives them a new link from Settings → People. Nothing was changed.`,
      );
    }
    if (!person.active) {
      throw new ActionError(
        "conflict",
        `${person.email} is deactivated. Another administrator of ${org} reactivates them on Settings → People first. Nothing was changed.`,
      );
    }
    const [session] = await tx.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, row.id)).limit(1);
    const neverSignedIn = links.length > 0 && links.every((link) => link.usedAt === null) && !session;
    const withContext = { ...context, organizationId: row.organizationId, actorUserId: null };
    const result = { email: person.email, name: person.name, organizationName: row.organizationName };
    if (neverSignedIn) {
      return { ...(await resetPassword(tx, withContext, { userId: row.id })), ...result, kind: "invitation" as const, otherActiveAdmins: [] };
    }
    const otherAdmins = await otherActiveAdminEmails(tx, { organizationId: row.organizationId, exceptUserId: row.id });
    if (otherAdmins.length > 0 && !(input.resetSignedIn && input.evenWithOtherAdmins)) {
      throw new ActionError(
        "conflict",
        `${person.email} has a password already (they have signed in or set one). Another administrator of ${org} uses "Reset password" for them on Settings → People. Nothing was changed. ` +
          evenWithOtherAdminsHint(otherAdmins, "--reset-password"),
      );
    }
    if (!input.resetSignedIn) {
      throw new ActionError(
        "conflict",
        `${person.email} has a password already (they have signed in or set one), and is the only active administrator of ${org}. ` +
          "If they lost it, run this again with --reset-password: their current password stops working, they are signed out everywhere, " +
          "and they choose a new one through the link printed (their two-factor sign-in stays as it is). Nothing was changed.",
      );
    }
    return { ...(await resetPassword(tx, withContext, { userId: row.id })), ...result, kind: "reset" as const, otherActiveAdmins: otherAdmins };
  });
}
