import { auditContextFor, type RequestMeta, type SessionUser } from "@/lib/auth/session-user";
import type { AuditContext } from "@/lib/audit/record";

/** Who is administering, for the plain functions of lib/users and lib/teams: always a person of one organisation. */
export type AdminContext = AuditContext & { organizationId: string; actorUserId: string };

export function adminContextFor(context: { user: SessionUser; meta: RequestMeta }): AdminContext {
  return { ...auditContextFor(context.user, context.meta), organizationId: context.user.organizationId, actorUserId: context.user.id };
}
