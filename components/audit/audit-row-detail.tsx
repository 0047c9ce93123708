import type { AuditEventDetail } from "@/db/queries/audit";
import type { AuditLabels } from "@/db/queries/audit-labels";
import { limitsText } from "./limits-text";
import { REQUEST_KIND_LABELS } from "@/components/requests/labels";
import type { ApproverRole, RequestKind } from "@/db/schema/requests";
import { APPROVER_LABELS } from "@/lib/requests/policy";
import { recordedPolicyBasis, policyBasisText } from "@/lib/requests/route-reason";
import { recordedObject, recordedText } from "./recorded-values";
import { summaryMoney } from "./summary-money";
import { ActorName, EventSentence, TargetName } from "./event-sentence";
import { eventLabel } from "@/lib/audit/event-catalog";
import { outcomeLabel } from "@/lib/audit/outcome-labels";
import { formatUtc, OutcomeBadge } from "./format";

function Item({ term, children, mono = false }: { term: string; children: React.ReactNode; mono?: boolean }) {
  return (
    <div className="grid gap-1 border-b py-3 sm:grid-cols-[12rem_1fr] sm:gap-4">
      <dt className="text-muted-foreground text-sm font-medium">{term}</dt>
      <dd className={mono ? "font-mono text-xs break-all" : "text-sm break-words"}>{children ?? "—"}</dd>
    </div>
  );
}

const MONEY_KEYS = new Set(["amount", "fee", "balance", "initialAmount", "perTransactionLimit", "lifetimeLimit", "threshold", "policyAmount"]);

function humanKey(key: string): string {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/_/g, " ").toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/**
 * A limit change's limits (order.created and card.limits_changed of a "limits" order) as the sentence says them: in
 * the card's currency, null recorded for no limit; null for any other key or a value it cannot read.
 */
function limitValue(key: string, value: unknown, summary: Record<string, unknown>): string | null {
  if (summary.type !== "limits") return null;
  if (key === "before" || key === "after") return limitsText(value, summary.currency);
  if (key === "perTransaction") return value === null ? "No per-purchase limit" : summaryMoney(value, summary.currency);
  if (key === "lifetime") return value === null ? "No lifetime limit" : summaryMoney(value, summary.currency);
  return null;
}

/**
 * A recorded value as text: money keys and a limit change's limits in their currency (a fee in its own, feeCurrency,
 * when the row recorded one: it may not be the card's), objects as compact JSON.
 */
function summaryValue(key: string, value: unknown, summary: Record<string, unknown>): string {
  const currency = key === "fee" ? (summary.feeCurrency ?? summary.currency) : summary.currency;
  const money = MONEY_KEYS.has(key) ? summaryMoney(value, currency) : limitValue(key, value, summary);
  if (money) return money;
  const requestMoney = requestValue(key, value, recordedText(currency)) ?? requestWords(key, value);
  if (requestMoney) return requestMoney;
  if (value === null || value === undefined) return "—";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/**
 * A card request's recorded money that is not a plain amount: the earlier requests its policy weighed (policyBasis) and
 * an approval's lowered terms (changes, "Amount $800.00 → $500.00"), in the request's currency; null otherwise.
 */
const isApproverRole = (value: unknown): value is ApproverRole => typeof value === "string" && value in APPROVER_LABELS;

/** A card request's kind and approver roles as the request page words them ("Top-up", "the team's manager, then finance"). */
function requestWords(key: string, value: unknown): string | null {
  if (key === "kind" && typeof value === "string" && value in REQUEST_KIND_LABELS) return REQUEST_KIND_LABELS[value as RequestKind];
  if (key === "role" && isApproverRole(value)) return APPROVER_LABELS[value];
  if (key === "steps" && Array.isArray(value) && value.length > 0 && value.every(isApproverRole)) return value.map((role) => APPROVER_LABELS[role]).join(", then ");
  return null;
}

const REQUEST_TERMS = new Set(["amount", "perTransactionLimit", "lifetimeLimit"]);

function requestValue(key: string, value: unknown, currency: string | null): string | null {
  if (!currency || !/^[A-Z]{3}$/.test(currency)) return null;
  if (key === "policyBasis") {
    const basis = recordedPolicyBasis(value);
    return basis ? policyBasisText(basis, currency) : null;
  }
  if (key !== "changes" || typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const lines = Object.entries(value).map(([field, change]) => {
    // Only a request's money terms: a change of anything else (a setting's minutes, say) is not money.
    if (!REQUEST_TERMS.has(field)) return null;
    const { from, to } = recordedObject(change);
    const before = summaryMoney(from, currency);
    const after = summaryMoney(to, currency);
    return before && after ? `${humanKey(field)} ${before} → ${after}` : null;
  });
  if (lines.some((line) => line === null)) return null;
  return lines.length > 0 ? lines.join("; ") : "None";
}

/** PostgreSQL's jsonb orders keys by length, so "after" came before "before": a change reads old value, then new. */
function beforeThenAfter(entries: [string, unknown][]): [string, unknown][] {
  const before = entries.find(([key]) => key === "before");
  const after = entries.findIndex(([key]) => key === "after");
  if (!before || after < 0) return entries;
  const rest = entries.filter((entry) => entry !== before);
  rest.splice(rest.findIndex(([key]) => key === "after"), 0, before);
  return rest;
}

export function AuditRowDetail({ event, labels }: { event: AuditEventDetail; labels: AuditLabels }) {
  const summary = beforeThenAfter(Object.entries(event.summary));
  return (
    <div className="grid gap-6">
      <p className="text-base">
        <EventSentence event={event} labels={labels} />
      </p>
      <dl aria-label={`Audit event ${event.id}`}>
        <Item term="Event">{event.id}</Item>
        <Item term="Time (UTC)">
          <time dateTime={event.occurredAt.toISOString()} title={event.occurredAt.toISOString()}>
            {formatUtc(event.occurredAt)}
          </time>
        </Item>
        <Item term="Actor">
          <ActorName event={event} labels={labels} />
          {event.actorEmail ? <span className="text-muted-foreground"> ({event.actorEmail})</span> : null}
        </Item>
        <Item term="Actor user id" mono>
          {event.actorUserId}
        </Item>
        <Item term="Roles at that moment">{event.actorRoles.length > 0 ? event.actorRoles.join(", ") : "none"}</Item>
        <Item term="Action">
          {eventLabel(event.action)} <span className="text-muted-foreground font-mono text-xs">({event.action})</span>
        </Item>
        <Item term="Outcome">
          <OutcomeBadge outcome={event.outcome} label={outcomeLabel(event.action, event.outcome)} />
        </Item>
        <Item term="Target">
          <TargetName event={event} labels={labels} />
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
          Recorded details
        </h2>
        {summary.length === 0 ? (
          <p className="text-muted-foreground text-sm">Nothing else was recorded.</p>
        ) : (
          <dl aria-labelledby="audit-summary-heading">
            {summary.map(([key, value]) => (
              <Item key={key} term={humanKey(key)}>
                {summaryValue(key, value, event.summary)}
              </Item>
            ))}
          </dl>
        )}
        <details className="text-sm">
          <summary className="text-muted-foreground cursor-pointer">As recorded (JSON, minor units)</summary>
          <pre className="bg-muted mt-2 overflow-x-auto rounded-md p-4 text-xs" tabIndex={0} aria-label="Summary as JSON">
            {JSON.stringify(event.summary, null, 2)}
          </pre>
        </details>
      </section>
    </div>
  );
}
