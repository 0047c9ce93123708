import type { AuditScope } from "@/db/queries/audit";
import type { SessionUser } from "@/lib/auth/session-user";

/**
 * Audit rows that belong to no organisation (sign-in attempts for emails nobody knows, with their IP and user
 * agent) are the installation's, not any tenant's: only an installation operator reads them (granted with
 * `npm run operators`, never from the app), and only while they also hold a role that reads their own
 * organisation's whole audit log.
 */
export function installationAuditScope(user: SessionUser, organizationVisibility: AuditScope["visibility"] | null): AuditScope | null {
  if (!user.systemOperator || !organizationVisibility?.all) return null;
  return { organizationId: null, visibility: { all: true } };
}
