import type { AuditAction } from "@/lib/audit/actions";

export type AuditEventGroup = "Cards" | "Provider requests" | "Sign-in and access" | "Card requests" | "People and teams" | "Providers and products" | "Settings" | "Audit log";

type EventInfo = {
  group: AuditEventGroup;
  /** The event's readable name, for the action filter and the event page's title. */
  label: string;
  /**
   * Whether Cardhub records this event yet. The action filter offers only recorded events; an event of a feature
   * still being built stays out of the filter until that feature records it (then set this to true).
   */
  recorded: boolean;
};

/** Every audited action, named for a person. A Record, so a new action fails to compile until it is named here. */
export const AUDIT_EVENTS: Record<AuditAction, EventInfo> = {
  "card.issued": { group: "Cards", label: "Card issued", recorded: true },
  "card.issue_failed": { group: "Cards", label: "Card issue failed", recorded: true },
  "card.imported": { group: "Cards", label: "Card imported from a provider", recorded: true },
  "card.frozen": { group: "Cards", label: "Card frozen", recorded: true },
  "card.unfrozen": { group: "Cards", label: "Card unfrozen", recorded: true },
  "card.cancelled": { group: "Cards", label: "Card cancelled", recorded: true },
  "card.topped_up": { group: "Cards", label: "Card topped up", recorded: true },
  "card.withdrawn": { group: "Cards", label: "Money withdrawn from a card", recorded: true },
  "card.limits_changed": { group: "Cards", label: "Card limits changed", recorded: true },
  "card.updated": { group: "Cards", label: "Card renamed or retagged", recorded: true },
  "card.reassigned": { group: "Cards", label: "Card reassigned", recorded: true },
  "card.left_team": { group: "Cards", label: "Card moved out of a team", recorded: true },
  "card.revealed": { group: "Cards", label: "Card number revealed", recorded: true },
  "card.reveal_denied": { group: "Cards", label: "Card number reveal refused", recorded: true },
  "transaction.memo_updated": { group: "Cards", label: "Transaction memo changed", recorded: true },
  "transactions.exported": { group: "Audit log", label: "Transactions exported", recorded: true },
  "statements.exported": { group: "Audit log", label: "Provider statement exported", recorded: true },
  "export.denied": { group: "Audit log", label: "Export refused", recorded: true },
  "order.created": { group: "Provider requests", label: "Request sent to a provider", recorded: true },
  "order.completed": { group: "Provider requests", label: "Provider request completed", recorded: true },
  "order.failed": { group: "Provider requests", label: "Provider request failed", recorded: true },
  "order.needs_review": { group: "Provider requests", label: "Provider request needs review", recorded: true },
  "order.resolved": { group: "Provider requests", label: "Provider request settled after review", recorded: true },
  "card.activated": { group: "Cards", label: "Card activated", recorded: true },
  "card.holder_address_change_sent": { group: "Cards", label: "Cardholder address change sent to the provider", recorded: true },
  "card.holder_address_changed": { group: "Cards", label: "Cardholder address changed", recorded: true },
  "card.missing_at_provider": { group: "Cards", label: "Card not found at its provider", recorded: true },
  "card.found_at_provider": { group: "Cards", label: "Card known to its provider again", recorded: true },
  "card.reopened_at_provider": { group: "Cards", label: "Cancelled card reported open by its provider", recorded: true },
  "card.cancelled_at_provider_again": { group: "Cards", label: "Cancelled card reported closed by its provider again", recorded: true },
  "card.changed_at_provider": { group: "Cards", label: "Card status or limits changed at its provider", recorded: true },
  "card.product_linked": { group: "Cards", label: "Card linked to the product its provider names", recorded: true },
  "auth.signed_in": { group: "Sign-in and access", label: "Signed in", recorded: true },
  "auth.sign_in_failed": { group: "Sign-in and access", label: "Sign-in failed", recorded: true },
  "auth.code_asked": { group: "Sign-in and access", label: "Right password, authenticator code asked", recorded: true },
  "auth.signed_out": { group: "Sign-in and access", label: "Signed out", recorded: true },
  "auth.session_revoked": { group: "Sign-in and access", label: "Session ended by Cardhub", recorded: true },
  "auth.reauthenticated": { group: "Sign-in and access", label: "Password confirmed", recorded: true },
  "auth.reauthentication_failed": { group: "Sign-in and access", label: "Password confirmation failed", recorded: true },
  "auth.two_factor_locked": { group: "Sign-in and access", label: "Two-factor code entry locked for a day", recorded: true },
  "permission.denied": { group: "Sign-in and access", label: "Access refused", recorded: true },
  "two_factor.enrollment_started": { group: "Sign-in and access", label: "Two-factor set-up started", recorded: true },
  "two_factor.enabled": { group: "Sign-in and access", label: "Two-factor turned on", recorded: true },
  "two_factor.disabled": { group: "Sign-in and access", label: "Two-factor turned off", recorded: true },
  "two_factor.reset": { group: "Sign-in and access", label: "Two-factor reset by an administrator", recorded: true },
  "two_factor.recovery_code_used": { group: "Sign-in and access", label: "Recovery code used", recorded: true },
  "two_factor.failed": { group: "Sign-in and access", label: "Wrong two-factor code", recorded: true },
  "request.created": { group: "Card requests", label: "Card request sent", recorded: true },
  "request.approved": { group: "Card requests", label: "Card request approved", recorded: true },
  "request.rejected": { group: "Card requests", label: "Card request rejected", recorded: true },
  "request.cancelled": { group: "Card requests", label: "Card request withdrawn", recorded: true },
  "request.executed": { group: "Card requests", label: "Card request carried out", recorded: true },
  "request.failed": { group: "Card requests", label: "Card request failed at the provider", recorded: true },
  "request.retried": { group: "Card requests", label: "Card request retried", recorded: true },
  "approval_policy.updated": { group: "Settings", label: "Approval threshold changed", recorded: true },
  "approval_policy.removed": { group: "Settings", label: "Approval threshold removed", recorded: true },
  "user.created": { group: "People and teams", label: "Person added", recorded: true },
  "user.updated": { group: "People and teams", label: "Person changed", recorded: true },
  "user.deactivated": { group: "People and teams", label: "Person deactivated", recorded: true },
  "user.roles_changed": { group: "People and teams", label: "Roles changed", recorded: true },
  "team.created": { group: "People and teams", label: "Team created", recorded: true },
  "team.updated": { group: "People and teams", label: "Team changed", recorded: true },
  "team.deleted": { group: "People and teams", label: "Team deleted", recorded: true },
  "team.archived": { group: "People and teams", label: "Team archived", recorded: true },
  "team.restored": { group: "People and teams", label: "Team restored", recorded: true },
  "team.members_changed": { group: "People and teams", label: "Team members changed", recorded: true },
  "user.invited": { group: "People and teams", label: "Person invited", recorded: true },
  "user.reactivated": { group: "People and teams", label: "Person reactivated", recorded: true },
  "user.password_reset_issued": { group: "People and teams", label: "Password reset link issued", recorded: true },
  "user.invitation_reissued": { group: "People and teams", label: "New invitation link issued", recorded: true },
  "user.password_set": { group: "People and teams", label: "Password set", recorded: true },
  // Named since the administration groundwork, but nothing records it.
  "user.invitation_failed": { group: "People and teams", label: "Invitation refused", recorded: false },
  "provider_account.created": { group: "Providers and products", label: "Provider account connected", recorded: true },
  "provider_account.updated": { group: "Providers and products", label: "Provider account changed", recorded: true },
  "products.refreshed": { group: "Providers and products", label: "Products refreshed", recorded: true },
  "product.renamed": { group: "Providers and products", label: "Product renamed", recorded: true },
  "provider_account.tested": { group: "Providers and products", label: "Provider account tested", recorded: true },
  "provider_account.connect_failed": { group: "Providers and products", label: "Provider account not connected", recorded: true },
  "provider_account.change_failed": { group: "Providers and products", label: "Provider account change refused", recorded: true },
  "provider_account.webhook_url_rotated": { group: "Providers and products", label: "Webhook URL rotated", recorded: true },
  "funding.refreshed": { group: "Providers and products", label: "Funding balances refreshed", recorded: true },
  "transaction.unreadable": { group: "Providers and products", label: "Provider transaction could not be read", recorded: true },
  "transaction.unread_dismissed": { group: "Providers and products", label: "Unread provider transaction dismissed", recorded: true },
  "encryption.key_rotated": { group: "Settings", label: "Encryption key rotated", recorded: true },
  "system_operator.granted": { group: "Settings", label: "Installation operator granted", recorded: true },
  "system_operator.revoked": { group: "Settings", label: "Installation operator revoked", recorded: true },
  "settings.updated": { group: "Settings", label: "Settings changed", recorded: true },
  "audit.exported": { group: "Audit log", label: "Audit log exported", recorded: true },
  "audit.verified": { group: "Audit log", label: "Audit chain verified", recorded: true },
  "audit.verification_requested": { group: "Audit log", label: "Audit chain verification started", recorded: true },
};

export function eventLabel(action: string): string {
  return (AUDIT_EVENTS as Record<string, EventInfo | undefined>)[action]?.label ?? action;
}

/** The action filter's choices: recorded events only, grouped, in the order of the groups above. */
export function actionFilterGroups(): { label: string; options: { value: string; label: string }[] }[] {
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const [action, info] of Object.entries(AUDIT_EVENTS)) {
    if (!info.recorded) continue;
    if (!groups.has(info.group)) groups.set(info.group, []);
    groups.get(info.group)!.push({ value: action, label: info.label });
  }
  return [...groups].map(([label, options]) => ({ label, options }));
}

/**
 * Every target type rows are recorded with, for the target-type choice: a link's type outside this list is dropped
 * with a notice (lib/audit/filters.ts). A new type recorded in code fails lib/audit/target-types.test.ts until listed.
 */
export const AUDIT_TARGET_TYPES = [
  { value: "card", label: "Card" },
  { value: "order", label: "Provider request" },
  { value: "user", label: "Person" },
  { value: "provider_account", label: "Provider account" },
  { value: "product", label: "Product" },
  { value: "request", label: "Card request" },
  { value: "team", label: "Team" },
  { value: "transaction", label: "Transaction" },
  { value: "transactions", label: "Transactions (exports)" },
  { value: "session", label: "Session" },
  { value: "approval_policy", label: "Approval thresholds" },
  { value: "settings", label: "Settings" },
  { value: "encryption_key", label: "Encryption key" },
  { value: "audit_log", label: "Audit log" },
  { value: "audit_verification", label: "Audit chain verification" },
] as const;

export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number]["value"];

