import type { AuditEventDetail } from "@/db/queries/audit";
import { actorLabel, formatUtc, OutcomeBadge } from "./format";

function Item({ term, children, mono = false }: { term: string; children: React.ReactNode; mono?: boolean }) {
  return (
    <div className="grid gap-1 border-b py-3 sm:grid-cols-[12rem_1fr] sm:gap-4">
      <dt className="text-muted-foreground text-sm font-medium">{term}</dt>
      <dd className={mono ? "font-mono text-xs break-all" : "text-sm break-words"}>{children ?? "—"}</dd>
    </div>
  );
}

export function AuditRowDetail({ event }: { event: AuditEventDetail }) {
  return (
    <div className="grid gap-6">
      <dl aria-label={`Audit event ${event.id}`}>
        <Item term="Event">{event.id}</Item>
        <Item term="Time (UTC)">
          <time dateTime={event.occurredAt.toISOString()} title={event.occurredAt.toISOString()}>
            {formatUtc(event.occurredAt)}
          </time>
        </Item>
        <Item term="Actor">{actorLabel(event.actorEmail, event.actorUserId)}</Item>
        <Item term="Actor user id" mono>
          {event.actorUserId}
        </Item>
        <Item term="Roles at that moment">{event.actorRoles.length > 0 ? event.actorRoles.join(", ") : "none"}</Item>
        <Item term="Action" mono>
          {event.action}
        </Item>
        <Item term="Outcome">
          <OutcomeBadge outcome={event.outcome} />
        </Item>
        <Item term="Target type">{event.targetType}</Item>
        <Item term="Target id" mono>
          {event.targetId}
        </Item>
        <Item term="Team id" mono>
          {event.teamId}
        </Item>
        <Item term="IP address" mono>
          {event.ip}
        </Item>
        <Item term="User agent">{event.userAgent}</Item>
        <Item term="Previous row's hash" mono>
          {event.prevHash}
        </Item>
        <Item term="This row's hash" mono>
          {event.hash}
        </Item>
      </dl>
      <section aria-labelledby="audit-summary-heading" className="grid gap-2">
        <h2 id="audit-summary-heading" className="text-lg font-semibold">
          Summary
        </h2>
        <pre className="bg-muted overflow-x-auto rounded-md p-4 text-xs" tabIndex={0} aria-label="Summary as JSON">
          {JSON.stringify(event.summary, null, 2)}
        </pre>
      </section>
    </div>
  );
}
