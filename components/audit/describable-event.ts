/** The fields of an audit row a sentence needs. */
export type DescribableEvent = {
  action: string;
  outcome: string;
  actorUserId: string | null;
  actorEmail: string | null;
  targetType: string | null;
  targetId: string | null;
  summary: Record<string, unknown>;
};

/** A link inside an audit sentence: underlined faintly, so a sentence with several links still reads as text. */
export const AUDIT_LINK_CLASS = "text-primary font-medium underline decoration-current/30 underline-offset-4 hover:decoration-current focus-visible:decoration-current";
