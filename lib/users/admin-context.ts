import type { AuditContext } from "@/lib/audit/record";

/** Who is administering, for the plain functions of lib/users and lib/teams: always a person of one organisation. */
export type AdminContext = AuditContext & { organizationId: string; actorUserId: string };
