import type { DbOrTx } from "@/db/client";
import type { Role } from "@/db/schema/users";
import { getSettings } from "@/lib/settings/get-settings";

export function roleRequiresTwoFactor(roles: readonly Role[], requiredRoles: readonly Role[]): boolean {
  return roles.some((role) => requiredRoles.includes(role));
}

/** True when the organisation requires two-factor for one of this person's roles. */
export async function isTwoFactorRequired(db: DbOrTx, user: { organizationId: string; roles: readonly Role[] }): Promise<boolean> {
  const settings = await getSettings(db, user.organizationId);
  return roleRequiresTwoFactor(user.roles, settings.twoFactorRequiredRoles);
}

/**
 * What a signed-in person must do before anything else: replace an initial password, then enrol an authenticator
 * when their role requires one. Null when they may use Cardhub.
 */
export async function pendingAccountStep(
  db: DbOrTx,
  user: { organizationId: string; roles: readonly Role[]; hasTotp: boolean; mustChangePassword: boolean },
): Promise<"change_password" | "enroll_two_factor" | null> {
  if (user.mustChangePassword) return "change_password";
  if (!user.hasTotp && (await isTwoFactorRequired(db, user))) return "enroll_two_factor";
  return null;
}
