import type { DbOrTx } from "@/db/client";
import { insertNotifications } from "@/db/queries/notifications";
import { formatUtcDateTime } from "@/lib/format";

export type TwoFactorLockNotice = { organizationId: string; userId: string; wrongCodes: number; lockedAt: Date; until: Date };

/**
 * Tells a person their two-factor code entry was locked after repeated wrong codes, in the caller's transaction: once
 * per lock. SECURITY: names no code, no secret and no address; someone who is not them may be holding their password.
 */
export async function notifyTwoFactorLocked(db: DbOrTx, notice: TwoFactorLockNotice): Promise<number> {
  return insertNotifications(db, [
    {
      organizationId: notice.organizationId,
      recipientUserId: notice.userId,
      eventKey: `two-factor-locked:${notice.lockedAt.toISOString()}`,
      kind: "account.two_factor_locked",
      title: "Two-factor code entry locked for 24 hours",
      body:
        `After ${notice.wrongCodes} wrong two-factor codes, Cardhub refuses every code for your account, right ones and recovery codes included, ` +
        `for 24 hours (until ${formatUtcDateTime(notice.until)}). If it was not you, contact an administrator: someone may know your password.`,
      href: "/account/two-factor",
    },
  ]);
}
