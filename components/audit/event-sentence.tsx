import type { AuditLabels } from "@/db/queries/audit-labels";
import type { DescribableEvent } from "./describable-event";
import { describeActor, describeEvent, describeTarget } from "./describe-event";
import { SentenceView } from "./sentence-view";

/** An audit row as a sentence, for server components (histories, the overview, an event's page). */
export function EventSentence({ event, labels }: { event: DescribableEvent; labels: AuditLabels }) {
  return <SentenceView sentence={describeEvent(event, labels)} />;
}

/** What an event points at, for the Target column and an event's page. */
export function TargetName({ event, labels }: { event: DescribableEvent; labels: AuditLabels }) {
  return <SentenceView sentence={describeTarget(event, labels)} />;
}

/** Who acted, as a name linking to everything they did. */
export function ActorName({ event, labels }: { event: DescribableEvent; labels: AuditLabels }) {
  return <SentenceView sentence={describeActor(event, labels)} />;
}
