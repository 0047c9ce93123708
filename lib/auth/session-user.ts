import type { UserWithAccess } from "@/db/queries/users";
import type { Role } from "@/db/schema/users";
import type { AuditContext } from "@/lib/audit/record";
import type { Actor } from "./permissions";

/** The signed-in user as every page and action sees it, validated against the database on each request. */
export type SessionUser = Actor & {
  email: string;
  name: string;
  roles: Role[];
  sessionId: string;
  hasTotp: boolean;
  mustChangePassword: boolean;
  reauthenticatedAt: Date;
  /** An installation operator: may also read audit rows that belong to no organisation. */
  systemOperator: boolean;
};

export type RequestMeta = { ip: string | null; userAgent: string | null };

export function auditContextFor(user: SessionUser | null, meta: RequestMeta): AuditContext {
  return {
    organizationId: user?.organizationId ?? null,
    actorUserId: user?.id ?? null,
    actorEmail: user?.email ?? null,
    actorRoles: user?.roles ?? [],
    ip: meta.ip,
    userAgent: meta.userAgent,
  };
}

export function toSessionUser(user: UserWithAccess, session: { id: string; reauthenticatedAt: Date }): SessionUser {
  return {
    id: user.id,
    organizationId: user.organizationId,
    email: user.email,
    name: user.name,
    roles: user.roles,
    teamIds: user.teamIds,
    managedTeamIds: user.managedTeamIds,
    hasTotp: user.hasTotp,
    mustChangePassword: user.mustChangePassword,
    systemOperator: user.systemOperator,
    sessionId: session.id,
    reauthenticatedAt: session.reauthenticatedAt,
  };
}
