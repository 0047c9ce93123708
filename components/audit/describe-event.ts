import type { AuditLabels } from "@/db/queries/audit-labels";
import { jobActorLabel } from "@/lib/audit/job-actors";
import { teamMemberChanges } from "@/lib/audit/team-member-changes";
import type { PermissionAction } from "@/lib/auth/permissions";
import { auditSearchString } from "@/lib/audit/search-string";
import { refusalReason } from "@/lib/providers/refusal-reason";
import { changedAtProviderText } from "./changed-at-provider-text";
import type { DescribableEvent } from "./describable-event";
import { limitsText } from "./limits-text";
import { describePerson, namedPerson, personEventSentence } from "./person-event-sentence";
import { describeRequestTarget, requestEventSentence, UNKNOWN_REQUEST } from "./request-event-sentence";
import { recordedObject, recordedText } from "./recorded-values";
import { link, providerQuote, sentenceList, sentenceText, words, type Sentence } from "./sentence";
import { settingsEventSentence } from "./settings-event-sentence";
import { summaryMoney } from "./summary-money";
import { CARD_NOT_CHANGED, NO_RECORD_AT_PROVIDER, NOT_DONE_AT_PROVIDER } from "@/lib/orders/resolution";

export type { DescribableEvent } from "./describable-event";
export { summaryMoney } from "./summary-money";

/**
 * The words for an actor recorded as a job ("Card sync (job)"). SECURITY: a failed sign-in records the address as
 * typed, whatever it is, so it is never taken for a job.
 */
function jobName(event: DescribableEvent): string | null {
  if (event.actorUserId || !event.actorEmail || event.action === "auth.sign_in_failed" || event.action === "auth.code_asked") return null;
  return jobActorLabel(event.actorEmail);
}

/** Who acted, as a name linking to everything they did; Cardhub for a row that names nobody (a job's, from before jobs were named). */
export function describeActor(event: DescribableEvent, labels: AuditLabels): Sentence {
  const user = event.actorUserId ? labels.users.get(event.actorUserId) : undefined;
  const email = user?.email ?? event.actorEmail;
  if (!email) return ["Cardhub"];
  return [link(`/audit${auditSearchString({ actor: email })}`, user?.name ?? jobName(event) ?? email, email)];
}

function cardIdOf(event: DescribableEvent, labels: AuditLabels): string | null {
  if (event.targetType === "card" && event.targetId) return event.targetId;
  if (event.targetType === "order" && event.targetId) return labels.orderCards.get(event.targetId) ?? null;
  const orderId = recordedText(event.summary.orderId);
  return orderId ? (labels.orderCards.get(orderId) ?? null) : null;
}

/** The card an event is about: its alias linking to the card, or what the row recorded when the card is gone. */
function describeCard(event: DescribableEvent, labels: AuditLabels): Sentence {
  const cardId = cardIdOf(event, labels);
  const card = cardId ? labels.cards.get(cardId) : undefined;
  if (cardId && card) return [link(`/cards/${cardId}`, card.alias)];
  const alias = recordedText(event.summary.alias) ?? recordedText(recordedObject(event.summary.after).alias);
  return [alias ? `card “${alias}”` : UNKNOWN_CARD];
}

/** describeCard's words for a card it can neither find nor read a recorded alias of. */
const UNKNOWN_CARD = "a card";

/** What a target without a page or a name of its own is, for the Target column. */
const TARGET_NAMES: Record<string, string> = {
  session: "A sign-in session",
  audit_log: "The audit log",
  audit_verification: "A chain verification",
  provider_account: "A provider account",
  product: "A product",
  order: "A provider request",
  user: "A person",
  team: "A team",
  transaction: "A transaction",
  transactions: "Transactions",
  approval_policy: "The approval thresholds",
  settings: "Settings",
  encryption_key: "The encryption key",
};

/** The provider account a row names, as it was labelled then: connecting, editing and testing it, or its sync's rows. */
function recordedAccountLabel(summary: Record<string, unknown>): string | null {
  return recordedText(summary.label) ?? recordedText(recordedObject(summary.after).label) ?? recordedText(recordedObject(summary.before).label) ?? recordedText(summary.providerAccount);
}

/** What an event points at, for the Target column: "Card · Omar fuel", linked where there is a page. */
export function describeTarget(event: DescribableEvent, labels: AuditLabels): Sentence {
  if (!event.targetType) return [{ muted: "—" }];
  if (event.targetType === "card" || (event.targetType === "order" && cardIdOf(event, labels))) return describeCard(event, labels);
  if (event.targetType === "user" && event.targetId && labels.users.has(event.targetId)) return describePerson(event, labels);
  if (event.targetType === "request") return describeRequestTarget(event, labels);
  if (event.targetType === "team" && event.targetId) {
    const team = labels.teams.get(event.targetId);
    if (team) return [`Team ${team.name}`];
    // A team deleted since: the name its own rows recorded (created, renamed, archived, restored, deleted).
    const recorded =
      recordedText(recordedObject(event.summary.after).name) ?? recordedText(recordedObject(event.summary.before).name) ?? recordedText(event.summary.name);
    if (recorded) return [`Team ${recorded}`];
  }
  if (event.targetType === "provider_account") {
    const account = recordedAccountLabel(event.summary);
    if (account) return [`Provider account ${account}`];
  }
  return [TARGET_NAMES[event.targetType] ?? event.targetType];
}

/**
 * The Target column's words as plain text, for the CSV's target_label: what the screen names ("Team Finance",
 * "Provider account NobePay EU", a card's alias), or null where it names only the kind of thing ("A team").
 */
export function describeTargetText(event: DescribableEvent, labels: AuditLabels): string | null {
  if (!event.targetType) return null;
  const text = sentenceText(describeTarget(event, labels));
  return NAMES_ONLY_A_KIND.has(text) || text === event.targetType ? null : text;
}

/** What describeTarget says of a target it cannot name: the kind alone, no label. */
const NAMES_ONLY_A_KIND = new Set([...Object.values(TARGET_NAMES), UNKNOWN_CARD, UNKNOWN_REQUEST]);

const ORDER_VERBS: Record<string, string> = {
  issue: "issue",
  topup: "top up",
  withdraw: "withdraw from",
  limits: "change the limits of",
  freeze: "freeze",
  unfreeze: "unfreeze",
  cancel: "cancel",
};

const DENIAL_REASONS: Record<string, string> = {
  role_not_allowed: "their role does not allow it",
  rate_limited: "too many attempts",
  unknown_email: "no account has that email",
  wrong_password: "wrong password",
  inactive_user: "the account is deactivated",
  step_up_required: "the password had not been confirmed recently",
  provider_error: "the provider could not be asked: no answer, or an error on its side",
  self_grant: "nobody grants themselves access",
  manages_team: "they manage that team, so another administrator adds people to it",
  self_assignment: "nobody gives a card to themselves",
  not_own_transaction: "only the cardholder writes its memo",
  auditor_changes_nothing: "auditors change nothing",
};

/**
 * Permissions a refusal records besides the role table's (lib/auth/permissions.ts): two-factor set-up
 * (lib/two-factor/enrollment.ts) and a transaction's memo (lib/transactions/update-memo.ts).
 */
export const RECORDED_PERMISSIONS_OUTSIDE_ROLES = ["two_factor.enroll", "transaction.memo"] as const;

/**
 * What a refused permission would have allowed, as the end of "was refused …". A Record over every permission, so a
 * new one fails to compile until it has its words: a permission's name is never shown.
 */
const PERMISSION_PHRASES: Record<PermissionAction | (typeof RECORDED_PERMISSIONS_OUTSIDE_ROLES)[number], string> = {
  "card.request": "requesting a card",
  "card.view": "viewing a card",
  "transaction.view": "viewing transactions",
  "transaction.export": "exporting transactions",
  "request.approve": "approving a request",
  "request.view": "viewing a card request",
  "card.issue": "issuing a card",
  "card.fund": "moving money on a card",
  "card.set_limits": "changing card limits",
  "card.unfreeze": "unfreezing a card",
  "card.cancel": "cancelling a card",
  "card.edit": "editing a card",
  "card.freeze": "freezing a card",
  "card.reveal": "revealing a card number",
  "card.activate": "activating a card",
  "order.resolve": "settling a provider request in review",
  "transaction.dismiss_unread": "dismissing provider transactions Cardhub could not read",
  "transaction.memo": "writing a transaction's memo",
  "funding.view": "viewing funding",
  "audit.view": "reading the audit log",
  "audit.export": "exporting the audit log",
  "audit.verify": "verifying the audit chain",
  "admin.manage": "administration",
  "two_factor.enroll": "setting up two-factor sign-in",
};

/** A recorded permission in words; "an action" for one Cardhub has no words for (never its name). */
function permissionPhrase(permission: string): string {
  return Object.hasOwn(PERMISSION_PHRASES, permission) ? PERMISSION_PHRASES[permission as keyof typeof PERMISSION_PHRASES] : "an action";
}

function reasonText(value: unknown): string | null {
  const reason = recordedText(value);
  return reason ? (DENIAL_REASONS[reason] ?? reason.replace(/_/g, " ")) : null;
}

/** ", fee $1.30" when the row recorded a fee: in its own currency, or (rows before fees kept one) the row's. */
function feeText(summary: Record<string, unknown>): string {
  const fee = summaryMoney(summary.fee, summary.feeCurrency ?? summary.currency);
  return fee && !/^\D*0(\.0+)?$/.test(fee) ? `, fee ${fee}` : "";
}

function amountOf(summary: Record<string, unknown>): string | null {
  return summaryMoney(summary.amount, summary.currency) ?? summaryMoney(summary.initialAmount, summary.currency);
}

/** " from $50.00 per purchase and $500.00 in all to $80.00 per purchase and no lifetime limit", as far as the row says. */
function limitsChangeText(before: unknown, after: unknown, currency: unknown): string {
  const to = limitsText(after, currency);
  if (!to) return "";
  const from = limitsText(before, currency);
  return from ? ` from ${from} to ${to}` : ` to ${to}`;
}

const quotedName = (value: unknown): string => (recordedText(value) ? `“${recordedText(value)}”` : "without a name");

/** A team.members_changed row's changes, each person named: "added Eli Employee (manager); removed Omar Operations". */
function memberChangesSentence(summary: Record<string, unknown>, labels: AuditLabels): Sentence | null {
  const changes = teamMemberChanges(summary);
  const people = (ids: readonly string[]) => sentenceList(ids.map((id) => namedPerson(id, labels)));
  const clauses: Sentence[] = [];
  if (changes.added.length > 0) clauses.push(words`added ${sentenceList(changes.added.map((member) => words`${namedPerson(member.userId, labels)}${member.manager ? " (manager)" : ""}`))}`);
  if (changes.removed.length > 0) clauses.push(words`removed ${people(changes.removed)}`);
  if (changes.madeManager.length > 0) clauses.push(words`made ${people(changes.madeManager)} ${changes.madeManager.length === 1 ? "its manager" : "its managers"}`);
  if (changes.noLongerManager.length > 0) clauses.push(words`${people(changes.noLongerManager)} no longer ${changes.noLongerManager.length === 1 ? "manages" : "manage"} it`);
  if (clauses.length === 0) return null;
  return clauses.flatMap((clause, index) => (index === 0 ? clause : ["; ", ...clause]));
}

/**
 * An audit row as a sentence a person reads: who did what to what, with money formatted in its currency and links
 * to the card and the person it names. Shared by the audit log and every item's history.
 */
/** The Event column's sentence as plain text, for the CSV's description: money formatted, people and cards named. */
export function describeEventText(event: DescribableEvent, labels: AuditLabels): string {
  return sentenceText(describeEvent(event, labels));
}

export function describeEvent(event: DescribableEvent, labels: AuditLabels): Sentence {
  const s = event.summary;
  const actor = describeActor(event, labels);
  // An approved request's order, made in its last approver's name: Cardhub carried it out, they did not (a manager
  // cannot issue or unfreeze a card).
  const who: Sentence = recordedText(s.forRequest) ? words`Cardhub, carrying out a request ${actor} approved,` : actor;
  const card = describeCard(event, labels);
  const amount = amountOf(s);
  // Order rows record what the order did ("issue", "topup", …) as their type.
  const orderType = recordedText(s.type) ?? "";
  const orderVerb = ORDER_VERBS[orderType] ?? "change";
  const failureMessage = recordedText(s.failureMessage);
  const explanation = failureMessage ? (labels.providerTexts.get(failureMessage) ?? null) : null;
  // A refusal's reason said once, as on the card page (refusalReason): the rows keep the message as it was stored.
  const refusal = (type: string | null) => (failureMessage ? words`: ${providerQuote(refusalReason(failureMessage, explanation, type), explanation)}` : null);
  switch (event.action) {
    case "card.issued":
      return words`${who} issued ${card}${amount ? ` with ${amount}` : ""}${feeText(s)}.`;
    case "card.issue_failed":
      return words`Issuing ${card} failed${refusal("issue")}.`;
    case "card.imported":
      return words`${card} was found at ${recordedText(s.providerAccount) ?? "a provider"} and imported${recordedText(s.status) ? ` (status ${recordedText(s.status)})` : ""}.`;
    case "card.missing_at_provider":
      return words`${recordedText(s.providerAccount) ?? "The provider"} no longer knows ${card}${recordedText(s.providerMessage) ? ` (“${recordedText(s.providerMessage)}”)` : ""}; its actions are disabled.`;
    case "card.found_at_provider":
      return words`${recordedText(s.providerAccount) ?? "The provider"} knows ${card} again; its actions are available again.`;
    case "card.reopened_at_provider":
      return words`${recordedText(s.providerAccount) ?? "The provider"} reports the cancelled ${card} open${recordedText(s.providerStatus) ? ` (status “${recordedText(s.providerStatus)}”)` : ""}; it stays cancelled in Cardhub.`;
    case "card.cancelled_at_provider_again":
      return words`${recordedText(s.providerAccount) ?? "The provider"} reports the cancelled ${card} closed again.`;
    case "card.changed_at_provider":
      return words`${recordedText(s.providerAccount) ?? "The provider"} reported ${card}${changedAtProviderText(s)}. Changed at the provider, not through Cardhub.`;
    case "card.product_linked": {
      const name = recordedText(s.productName);
      const id = recordedText(s.providerProductId);
      const product = name ? `the product “${name}”${id ? ` (${id})` : ""}` : id ? `the product ${id}` : "a product";
      return words`${who} linked ${card} to ${product}, which ${recordedText(s.providerAccount) ?? "its provider"} names for it; its fees now apply to the card’s top-ups and withdrawals.`;
    }
    case "card.frozen":
      return words`${who} froze ${card}.`;
    case "card.activated":
      return words`${who} activated ${card}.`;
    case "card.unfrozen":
      return words`${who} unfroze ${card}.`;
    case "card.cancelled": {
      // What happened to the balance, in the words recorded when the provider confirmed the cancellation.
      const balance = recordedText(s.balanceText);
      return words`${who} cancelled ${card}${feeText(s)}.${balance ? ` ${balance}` : ""}`;
    }
    case "card.topped_up":
      return words`${who} topped up ${card}${amount ? ` with ${amount}` : ""}${feeText(s)}.`;
    case "card.withdrawn":
      return words`${who} withdrew ${amount ?? "money"} from ${card}${feeText(s)}.`;
    case "card.limits_changed":
      return words`${who} changed the limits of ${card}${limitsChangeText(s.before, s.after, s.currency)}.`;
    case "card.updated": {
      const before = recordedObject(s.before);
      const after = recordedObject(s.after);
      const parts: string[] = [];
      if (recordedText(before.alias) !== recordedText(after.alias) && recordedText(after.alias)) parts.push(`renamed it from “${recordedText(before.alias) ?? ""}” to “${recordedText(after.alias)}”`);
      const tagsBefore = Array.isArray(before.tags) ? before.tags.join(", ") : "";
      const tagsAfter = Array.isArray(after.tags) ? after.tags.join(", ") : "";
      if (tagsBefore !== tagsAfter) parts.push(tagsAfter ? `set its tags to ${tagsAfter}` : "removed its tags");
      return words`${who} edited ${card}${parts.length > 0 ? `: ${parts.join(" and ")}` : ""}.`;
    }
    case "card.reassigned": {
      const after = recordedObject(s.after);
      const ownerId = recordedText(after.ownerUserId);
      const owner = ownerId ? labels.users.get(ownerId) : undefined;
      const holder = owner?.name ?? recordedText(after.owner) ?? "someone else";
      if (recordedText(s.reason) === "holder_changed_team") {
        const teamId = recordedText(after.teamId);
        const team = teamId ? labels.teams.get(teamId) : undefined;
        return words`${card} moved with its holder ${holder} to ${team ? `team ${team.name}` : teamId ? "another team" : "no team"}.`;
      }
      return words`${who} reassigned ${card} to ${holder}.`;
    }
    case "card.left_team": {
      // The old team's side of a card.reassigned row: it names the team left, not the one the card went to.
      const teamId = recordedText(s.fromTeamId);
      const team = teamId ? labels.teams.get(teamId) : undefined;
      const left = team ? `team ${team.name}` : "its team";
      if (recordedText(s.reason) === "holder_changed_team") {
        const holderId = recordedText(s.holderUserId);
        const holder = (holderId ? labels.users.get(holderId)?.name : undefined) ?? recordedText(s.holder) ?? "its holder";
        return words`${who} moved ${holder} out of ${left}, and ${card} left the team with them.`;
      }
      return words`${who} reassigned ${card} out of ${left}.`;
    }
    case "card.revealed":
      return words`${who} revealed the number of ${card}${recordedText(s.statedReason) ? `, giving the reason “${recordedText(s.statedReason)}”` : ""}.`;
    case "card.reveal_denied":
      // Not a refusal of the person: the provider could not be asked.
      if (recordedText(s.reason) === "provider_error") return words`${who} asked for the number of ${card}, but the provider could not give it (no answer, or an error on its side).`;
      return words`${who} was refused the number of ${card}${reasonText(s.reason) ? ` (${reasonText(s.reason)})` : ""}.`;
    case "order.created": {
      // A limits order recorded before it kept the card's previous limits reads as it always did.
      const limits = orderType === "limits" && s.before !== undefined ? limitsChangeText(s.before, { perTransaction: s.perTransaction, lifetime: s.lifetime }, s.currency) : "";
      const suffix = orderType === "topup" || orderType === "issue" ? (amount ? ` with ${amount}` : "") : orderType === "withdraw" ? (amount ? ` (${amount})` : "") : limits;
      return words`${who} asked the provider to ${orderVerb} ${card}${suffix}.`;
    }
    case "order.completed":
      return words`The provider finished the request to ${orderVerb} ${card}${amount && orderType !== "limits" ? ` (${amount})` : ""}.`;
    case "order.failed":
      // Settled as not done by a person after a review (order.resolved names them): not the provider's refusal.
      if (recordedText(s.failureCode) === NOT_DONE_AT_PROVIDER) {
        return words`The request to ${orderVerb} ${card}${amount ? ` (${amount})` : ""} was recorded as not carried out at the provider${orderType === "issue" || orderType === "topup" ? "; no money was taken" : ""}.`;
      }
      // Accepted, then read from the card: the provider did not refuse it, the card just never changed.
      if (recordedText(s.failureCode) === CARD_NOT_CHANGED) {
        return words`The provider did not carry out the request to ${orderVerb} ${card}: it still reports the card as it was.`;
      }
      if (recordedText(s.failureCode) === NO_RECORD_AT_PROVIDER) {
        return words`The provider has no record of the request to ${orderVerb} ${card}${amount ? ` (${amount})` : ""}, so it was not carried out${orderType === "issue" || orderType === "topup" ? "; no money was taken" : ""}.`;
      }
      return words`The provider refused the request to ${orderVerb} ${card}${refusal(orderType)}${orderType === "issue" || orderType === "topup" ? "; no money was taken" : ""}.`;
    case "order.resolved": {
      const note = recordedText(s.note);
      return words`${who} checked the request to ${orderVerb} ${card}${amount ? ` (${amount})` : ""} at the provider and recorded it as ${s.outcome === "done" ? "carried out" : "not carried out"}${note ? `: “${note}”` : ""}.`;
    }
    case "auth.signed_in":
      return words`${who} signed in.`;
    case "auth.sign_in_failed":
      return words`A sign-in as ${event.actorEmail ?? "an unknown email"} failed${reasonText(s.reason) ? ` (${reasonText(s.reason)})` : ""}.`;
    case "auth.code_asked":
      return words`A sign-in as ${event.actorEmail ?? "an unknown email"} gave the right password and was asked for an authenticator code.`;
    case "auth.signed_out":
      return words`${who} signed out.`;
    case "auth.session_revoked": {
      const reason = reasonText(s.reason) ? ` (${reasonText(s.reason)})` : "";
      // An administrator's action (deactivation, a reset) ends someone else's sessions: the row's actor is the admin.
      const ownerId = recordedText(s.userId);
      const owner = ownerId && ownerId !== event.actorUserId ? labels.users.get(ownerId) : undefined;
      if (ownerId && ownerId !== event.actorUserId) return words`${who} ended a session of ${owner?.name ?? "another person"}${reason}.`;
      return words`A session of ${who} was ended${reason}.`;
    }
    case "auth.reauthenticated":
      return words`${who} confirmed their ${recordedText(s.method) === "totp" ? "authenticator code" : "password"}.`;
    case "auth.reauthentication_failed": {
      const secret = recordedText(s.method) === "totp" ? "authenticator code" : recordedText(s.method) === "password" ? "password" : null;
      if (event.outcome !== "denied") return words`${who} failed to confirm their ${secret ?? "password"}.`;
      // Refusals recorded before they named the method do not say which secret the person would have typed.
      return words`${who} was refused confirming ${secret ? `their ${secret}` : "it was them"}${reasonText(s.reason) ? ` (${reasonText(s.reason)})` : ""}.`;
    }
    case "permission.denied": {
      const permission = recordedText(s.permission);
      // The people lookup behind the person pickers (app/api/people/route.ts) records the route it refused, not a permission.
      const what = recordedText(s.section)
        ? `the ${recordedText(s.section)} section`
        : recordedText(s.route) === "/api/people"
          ? "looking up people to choose from"
          : permission
            ? permissionPhrase(permission)
            : "an action";
      // A card the reader may not see is not named (resolveAuditLabels): "was refused freezing a card", not "… on a card".
      const namedCard = event.targetType === "card" && !(card.length === 1 && card[0] === UNKNOWN_CARD);
      // A person or team it was aimed at (an invitation link, a team's members), as the Target column names them.
      const team = event.targetType === "team" && event.targetId ? labels.teams.get(event.targetId) : undefined;
      const about = namedCard
        ? words` on ${card}`
        : event.targetType === "user" && event.targetId && event.targetId !== event.actorUserId && labels.users.has(event.targetId)
          ? words` for ${describePerson(event, labels)}`
          : team
            ? ` for the team “${team.name}”`
            : "";
      return words`${who} was refused ${what}${about}${reasonText(s.reason) ? ` (${reasonText(s.reason)})` : ""}.`;
    }
    case "products.refreshed":
      return words`${who} refreshed the products of the provider accounts.`;
    case "provider_account.created":
      return words`${who} connected the provider account “${recordedText(s.label) ?? "unnamed"}”.`;
    case "audit.exported":
      return words`${who} exported the audit log as CSV.`;
    case "audit.verified": {
      // Counts and row ids are left out of an organisation's own row once others share the chain (run-verification.ts).
      if (event.outcome === "failure" || s.firstBadId) {
        return words`${who} verified the audit chain: broken${recordedText(s.firstBadId) ? ` at row ${recordedText(s.firstBadId)}` : ""}.`;
      }
      const checked = recordedText(s.checked);
      return checked ? words`${who} verified the audit chain: ${checked} rows intact.` : words`${who} verified the audit chain: intact.`;
    }
    case "team.created":
      return words`${who} created the team ${quotedName(recordedObject(s.after).name)}.`;
    case "team.updated":
      return words`${who} renamed the team ${quotedName(recordedObject(s.before).name)} to ${quotedName(recordedObject(s.after).name)}.`;
    case "team.deleted":
      return words`${who} deleted the team ${quotedName(recordedObject(s.before).name)}, which nobody was in and no card, request or transaction named.`;
    case "team.archived":
      return words`${who} archived the team ${quotedName(s.name)}: nobody can be put in it and no card moved into it; its history stays.`;
    case "team.restored":
      return words`${who} restored the archived team ${quotedName(s.name)}: people and cards can be put in it again.`;
    case "team.members_changed": {
      const changes = memberChangesSentence(s, labels);
      const team = event.targetId ? labels.teams.get(event.targetId) : undefined;
      return words`${who} changed the members of ${team ? `the team “${team.name}”` : "a team"}${changes ? ": " : ""}${changes}.`;
    }
    case "transaction.memo_updated": {
      const memo = recordedText(s.to);
      const transaction = recordedText(s.merchant) ? `the ${recordedText(s.merchant)} transaction` : "a transaction";
      return words`${who} ${memo ? `set the memo of ${transaction} to “${memo}”` : `cleared the memo of ${transaction}`}.`;
    }
    case "card.holder_address_change_sent":
      return words`${who} sent the provider a new cardholder address for ${card}.`;
    case "card.holder_address_changed":
      if (event.outcome === "failure" && s.reason === "outcome_unknown") {
        return words`The provider gave no clear answer to the cardholder address change of ${card}${recordedText(s.message) ? ` (“${recordedText(s.message)}”)` : ""}: it may have taken effect.`;
      }
      return event.outcome === "failure"
        ? words`Changing the cardholder address of ${card} failed${recordedText(s.message) ? `: “${recordedText(s.message)}”` : ""}.`
        : words`${who} changed the cardholder address of ${card}.`;
    case "order.needs_review": {
      const request = words`the request to ${orderVerb} ${card}${amount ? ` (${amount})` : ""}`;
      return s.why === "no_lookup"
        ? words`The provider's answer to ${request} was lost and it offers no way to look it up: it needs review at the provider.`
        : words`The outcome of ${request} is still unknown${typeof s.afterHours === "number" ? ` after ${s.afterHours} hours` : ""}: it needs review, and Cardhub keeps asking the provider.`;
    }
    default:
      return (
        requestEventSentence(event, labels, who) ??
        personEventSentence(event, labels, who) ??
        settingsEventSentence(event, who) ??
        words`${who}: ${labels.actions.get(event.action) ?? event.action}.`
      );
  }
}
