import { and, eq, isNotNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { InvitationRow } from "@/db/queries/invitations";
import { sessions } from "@/db/schema/sessions";
import { userInvitations } from "@/db/schema/user-credentials";

/**
 * Whether a password link sets the person's first password, so its page welcomes them rather than asking for a new
 * password: an invitation, or a new link (issued as a reset) for someone who has never set one. Never set one is the
 * rule `npm run setup -- --new-link` uses (lib/organizations/new-admin-link.ts): no link of theirs was ever used and no
 * session of theirs was ever opened.
 */
export async function setsFirstPassword(db: DbOrTx, invitation: Pick<InvitationRow, "userId" | "purpose">): Promise<boolean> {
  if (invitation.purpose === "invite") return true;
  const [usedLink] = await db
    .select({ id: userInvitations.id })
    .from(userInvitations)
    .where(and(eq(userInvitations.userId, invitation.userId), isNotNull(userInvitations.usedAt)))
    .limit(1);
  if (usedLink) return false;
  const [session] = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, invitation.userId)).limit(1);
  return !session;
}
