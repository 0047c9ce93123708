import type { AuditEvent } from "@/db/queries/audit";

/** The fields of an audit row a sentence needs. */
export type DescribableEvent = Pick<AuditEvent, "action" | "outcome" | "actorUserId" | "actorEmail" | "targetType" | "targetId" | "summary">;
