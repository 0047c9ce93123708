import type { AuditEvent } from "@/db/queries/audit";

/** The fields of an audit row a sentence needs. */
export type DescribableEvent = Pick<AuditEvent, "action" | "outcome" | "actorUserId" | "actorEmail" | "targetType" | "targetId" | "summary">;

/** A link inside an audit sentence: underlined faintly, so a sentence with several links still reads as text. */
export const AUDIT_LINK_CLASS = "text-primary font-medium underline decoration-current/30 underline-offset-4 hover:decoration-current focus-visible:decoration-current";
