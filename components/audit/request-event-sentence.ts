import { REQUEST_KIND_LABELS } from "@/components/requests/labels";
import { termsText } from "@/components/requests/request-summary";
import type { AuditLabels, AuditRequestLabel } from "@/db/queries/audit-labels";
import type { RequestTerms } from "@/db/schema/requests";
import { formatMoney } from "@/lib/format";
import { recordedPolicyBasis, routeReason } from "@/lib/requests/route-reason";
import type { DescribableEvent } from "./describable-event";
import { recordedObject, recordedString } from "./recorded-values";
import { link as linkTo, providerQuote, words, type Sentence } from "./sentence";

const minor = (value: unknown): string | undefined => (typeof value === "string" && /^\d+$/.test(value) ? value : typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined);

const TERM_NAMES: Record<keyof RequestTerms, string> = { amount: "the amount", perTransactionLimit: "the per-transaction limit", lifetimeLimit: "the lifetime limit" };

/** The money a request event recorded (amount, or limits), in words; null when it recorded none or no currency. */
function recordedTerms(summary: Record<string, unknown>, currency: string | null): string | null {
  if (!currency || !/^[A-Z]{3}$/.test(currency)) return null;
  const terms: RequestTerms = { amount: minor(summary.amount), perTransactionLimit: minor(summary.perTransactionLimit), lifetimeLimit: minor(summary.lifetimeLimit) };
  const defined = Object.fromEntries(Object.entries(terms).filter(([, value]) => value !== undefined)) as RequestTerms;
  return Object.keys(defined).length > 0 ? termsText(defined, currency) : null;
}

/** "lowering the amount from $100.00 to $80.00", from an approval's recorded changes. */
function loweredText(changes: unknown, currency: string | null): string | null {
  if (!currency) return null;
  const parts: string[] = [];
  for (const [field, change] of Object.entries(recordedObject(changes))) {
    const name = TERM_NAMES[field as keyof RequestTerms];
    const { from, to } = recordedObject(change);
    const before = minor(from);
    const after = minor(to);
    if (!name || before === undefined || after === undefined) continue;
    parts.push(`${name} from ${formatMoney(BigInt(before), currency)} to ${formatMoney(BigInt(after), currency)}`);
  }
  return parts.length > 0 ? `lowering ${parts.join(" and ")}` : null;
}

/** Why the filing was routed as it was, when the policy added earlier requests to its amount (see routeReason). */
function routeReasonRecorded(summary: Record<string, unknown>, currency: string | null, beneficiaryName: string | null): string | null {
  const policyAmount = minor(summary.policyAmount);
  const threshold = minor(summary.threshold);
  if (!currency || !/^[A-Z]{3}$/.test(currency) || policyAmount === undefined || threshold === undefined) return null;
  const basis = recordedPolicyBasis(summary.policyBasis);
  return routeReason({ basis, policyAmount: BigInt(policyAmount), threshold: BigInt(threshold), currency, beneficiaryName: beneficiaryName ?? "the person it is for" });
}

type Phrases = { asked: string; request: string };

/** How a request reads: what someone asked for ("a top-up of Omar fuel") and the request itself ("request to top up Omar fuel"). */
function phrases(kind: string | null, card: string | null): Phrases {
  const named = card ?? "a card";
  switch (kind) {
    case "new_card":
      return card ? { asked: `a new card “${card}”`, request: `request for a new card “${card}”` } : { asked: "a new card", request: "request for a new card" };
    case "top_up":
      return { asked: `a top-up of ${named}`, request: `request to top up ${named}` };
    case "limit_increase":
      return { asked: `higher limits on ${named}`, request: `request for higher limits on ${named}` };
    case "unfreeze":
      return { asked: `${named} to be unfrozen`, request: `request to unfreeze ${named}` };
    case "activate":
      return { asked: `${named} to be activated`, request: `request to activate ${named}` };
    default:
      return { asked: "a change to a card", request: "card request" };
  }
}

function cardTextOf(request: AuditRequestLabel | undefined, labels: AuditLabels): string | null {
  if (!request) return null;
  return (request.cardId ? labels.cards.get(request.cardId)?.alias : undefined) ?? request.requestedAlias;
}

/** The request an event is about, its words and link: looked up by the row's target, or from what the row recorded. */
function requestOf(event: DescribableEvent, labels: AuditLabels) {
  const request = event.targetType === "request" && event.targetId ? labels.requests.get(event.targetId) : undefined;
  const phrase = phrases(request?.kind ?? recordedString(event.summary.kind), cardTextOf(request, labels));
  const link = (content: string): Sentence => [request && event.targetId ? linkTo(`/requests/${event.targetId}`, content) : content];
  /** "Eli Employee’s request to top up Omar fuel", or "their …" when the actor asked for themselves. */
  const whose = request ? (request.beneficiaryUserId === event.actorUserId ? "their" : `${request.beneficiaryName}’s`) : "a";
  return { request, phrase, link, whose };
}

/** The Target column's words for a request Cardhub no longer finds: its kind alone. */
export const UNKNOWN_REQUEST = "A card request";

/** The Target column's words for a request, short enough for its narrow column: "Top-up for Eli Employee". */
export function describeRequestTarget(event: DescribableEvent, labels: AuditLabels): Sentence {
  const { request, link } = requestOf(event, labels);
  if (!request) return [UNKNOWN_REQUEST];
  return link(`${REQUEST_KIND_LABELS[request.kind] ?? "Card request"} for ${request.beneficiaryName}`);
}

/** A quote that ends its own sentence (“… for lunches.”) takes no second full stop after it. */
const endsSentence = (quote: string | null): boolean => quote !== null && /[.!?…]$/.test(quote.trim());

/** A decision finance took in the team manager's place (lib/requests/decide-request.ts records takenBy and why). */
const standIn = (summary: Record<string, unknown>): string =>
  summary.takenBy === "finance" && summary.reason === "team_without_manager" ? " for finance, in place of the team’s manager (the team had none who could)" : "";

/** A card request's event as a sentence, or null for an action that is not a request's. */
export function requestEventSentence(event: DescribableEvent, labels: AuditLabels, who: Sentence): Sentence | null {
  const s = event.summary;
  const { request, phrase, link, whose } = requestOf(event, labels);
  const currency = request?.currency ?? recordedString(s.currency);
  const comment = recordedString(s.comment);
  const quoted = comment ? `: “${comment}”` : "";
  const stop = endsSentence(comment) ? "" : ".";
  switch (event.action) {
    case "request.created": {
      const terms = recordedTerms(s, currency);
      const forOther = request && request.beneficiaryUserId !== event.actorUserId ? ` for ${request.beneficiaryName}` : "";
      const reason = routeReasonRecorded(s, currency, request?.beneficiaryName ?? recordedString(s.for));
      return words`${who} asked for ${link(phrase.asked)}${forOther}${terms ? ` (${terms})` : ""}.${reason ? ` ${reason}` : ""}`;
    }
    case "request.approved": {
      const step = typeof s.step === "number" && typeof s.of === "number" && s.of > 1 ? ` (step ${s.step} of ${s.of})` : "";
      const lowered = loweredText(s.changes, currency);
      // Rows written before approvals recorded their terms have none: their sentence names no amount.
      const terms = recordedTerms(s, currency);
      return words`${who} approved ${whose} ${link(phrase.request)}${terms ? ` (${terms})` : ""}${step}${standIn(s)}${lowered ? `, ${lowered}` : ""}${quoted}${stop}`;
    }
    case "request.rejected":
      return words`${who} rejected ${whose} ${link(phrase.request)}${standIn(s)}${quoted}${stop}`;
    case "request.cancelled":
      return words`${who} withdrew ${whose} ${link(phrase.request)}${quoted}${stop}`;
    case "request.executed": {
      const terms = recordedTerms(s, currency);
      return words`${who} carried out ${whose} ${link(phrase.request)}${terms ? ` (${terms})` : ""}.`;
    }
    case "request.failed": {
      const reason = recordedString(s.reason);
      const explanation = reason ? (labels.providerTexts.get(reason) ?? null) : null;
      return words`Carrying out ${whose} ${link(phrase.request)} failed at the provider${reason && words`: ${providerQuote(reason, explanation)}`}${endsSentence(reason) && !explanation ? "" : "."}`;
    }
    case "request.retried":
      return words`${who} retried ${whose} ${link(phrase.request)}${typeof s.attempt === "number" ? ` (attempt ${s.attempt})` : ""}.`;
    default:
      return null;
  }
}
