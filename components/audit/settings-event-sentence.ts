import { REQUEST_KIND_LABELS } from "@/components/requests/labels";
import type { RequestKind } from "@/db/schema/requests";
import type { DescribableEvent } from "./describable-event";
import { summaryMoney } from "./summary-money";
import { listText, plural, recordedObject, recordedString } from "./recorded-values";
import { words, type Sentence } from "./sentence";

/** The organisation settings' keys as a person names them (lib/settings/schema.ts). */
const SETTING_NAMES: Record<string, string> = {
  revealRateLimit: "the reveal limit",
  sessionIdleMinutes: "the idle sign-out time",
  twoFactorRequiredRoles: "the roles that must use two-factor sign-in",
  lowBalanceThresholds: "the low-balance alerts",
};

function settingValue(key: string, value: unknown): string | null {
  if (key === "sessionIdleMinutes" && typeof value === "number") return plural(value, "minute", "minutes");
  if (key === "revealRateLimit") {
    const { max, windowMinutes } = recordedObject(value);
    return typeof max === "number" && typeof windowMinutes === "number" ? `${plural(max, "reveal", "reveals")} per ${plural(windowMinutes, "minute", "minutes")}` : null;
  }
  if (key === "twoFactorRequiredRoles" && Array.isArray(value)) return value.length > 0 ? listText(value.map(String)) : "none";
  return null;
}

/**
 * What changed in the low-balance alerts, by threshold (one per provider account and currency): "the low-balance alerts
 * (USD on Cardepass main at $500.00 added, EUR on NobePay from €100.00 to €200.00)". Accounts by the label the row
 * recorded (summary.thresholdAccounts); a row without one says the currency alone.
 */
function lowBalanceChanges(change: unknown, accounts: Record<string, unknown>): string | null {
  const entries = (value: unknown) =>
    new Map(
      (Array.isArray(value) ? value : []).map((item) => {
        const { providerAccountId, currency, amountMinor } = recordedObject(item);
        const accountId = recordedString(providerAccountId);
        const account = accountId ? recordedString(accounts[accountId]) : null;
        const what = `${recordedString(currency) ?? ""}${account ? ` on ${account}` : ""}`;
        return [`${accountId}:${recordedString(currency)}`, { currency: what, money: summaryMoney(amountMinor, currency) }] as const;
      }),
    );
  const before = entries(recordedObject(change).before);
  const after = entries(recordedObject(change).after);
  const parts: string[] = [];
  for (const [key, now] of after) {
    const was = before.get(key);
    if (!was) parts.push(`${now.currency} at ${now.money ?? "an amount"} added`);
    else if (was.money !== now.money) parts.push(`${now.currency} from ${was.money ?? "an amount"} to ${now.money ?? "an amount"}`);
  }
  for (const [key, was] of before) if (!after.has(key)) parts.push(`${was.currency} at ${was.money ?? "an amount"} removed`);
  return parts.length > 0 ? `${SETTING_NAMES.lowBalanceThresholds} (${parts.join(", ")})` : null;
}

/** One changed setting in words: "the idle sign-out time from 30 minutes to 45 minutes", or only its name. */
function settingChange(key: string, change: unknown, accounts: Record<string, unknown>): string {
  const name = SETTING_NAMES[key] ?? key;
  if (key === "lowBalanceThresholds") return lowBalanceChanges(change, accounts) ?? name;
  const before = settingValue(key, recordedObject(change).before);
  const after = settingValue(key, recordedObject(change).after);
  return before && after ? `${name} from ${before} to ${after}` : name;
}

/** What a provider account edit changed: "the base URL and the API secret". */
function accountChanges(summary: Record<string, unknown>): string | null {
  const before = recordedObject(summary.before);
  const after = recordedObject(summary.after);
  const names: Record<string, string> = { label: "the name", baseUrl: "the base URL", timeZone: "the time zone", apiVersion: "the API version" };
  const parts = Object.keys(names).filter((key) => key in after && JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null)).map((key) => names[key]!);
  const credentials = Array.isArray(summary.replacedCredentialFields) ? summary.replacedCredentialFields.length : 0;
  if (credentials > 0) parts.push(plural(credentials, "credential", "credentials"));
  return parts.length > 0 ? listText(parts) : null;
}

/** A recorded sentence without its closing full stop, to sit inside another. */
const trimmed = (text: string) => text.replace(/[.\s]+$/, "");

/** What an export.denied row's summary.export names. */
const REFUSED_EXPORTS: Record<string, string> = {
  audit: "an export of the audit log",
  transactions: "an export of transactions",
  statements: "an export of a provider statement",
};

/** A settings, provider account, provider sync, export or audit-chain event as a sentence, or null for an action that is not one. */
const LEDGERS: Record<string, string> = { account: "the funding account's lines", card: "the cards' own lines" };

/** A statement export's recorded filters in words: "the funding account's lines, from 2026-11-01 to 2026-11-30, type AccountTopUp". */
function statementFiltersText(value: unknown): string | null {
  const filters = value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
  const source = recordedString(filters.source);
  const from = recordedString(filters.from);
  const to = recordedString(filters.to);
  const type = recordedString(filters.type);
  const parts = [source ? (LEDGERS[source] ?? null) : null, from && to ? `from ${from} to ${to}` : from ? `from ${from}` : to ? `up to ${to}` : null, type ? `type ${type}` : null];
  const text = parts.filter((part): part is string => part !== null).join(", ");
  return text === "" ? null : text;
}

export function settingsEventSentence(event: DescribableEvent, who: Sentence): Sentence | null {
  const s = event.summary;
  switch (event.action) {
    case "settings.updated": {
      const changes = Object.entries(recordedObject(s.changes)).map(([key, change]) => settingChange(key, change, recordedObject(s.thresholdAccounts)));
      return words`${who} changed ${changes.length > 0 ? listText(changes) : "the settings"}.`;
    }
    case "approval_policy.updated": {
      const kind = REQUEST_KIND_LABELS[recordedString(s.kind) as RequestKind]?.toLowerCase() ?? "card";
      const threshold = summaryMoney(s.threshold, s.currency);
      const previous = summaryMoney(s.previous, s.currency);
      const was = previous ? ` (it was ${previous})` : s.previous === "none" ? " (before, every such request went to finance)" : "";
      return words`${who} set the amount from which finance also approves ${kind} requests in ${recordedString(s.currency) ?? "a currency"}${threshold ? ` to ${threshold}` : ""}${was}.`;
    }
    case "approval_policy.removed": {
      const kind = REQUEST_KIND_LABELS[recordedString(s.kind) as RequestKind]?.toLowerCase() ?? "card";
      const previous = summaryMoney(s.previous, s.currency);
      return words`${who} removed the amount from which finance also approves ${kind} requests in ${recordedString(s.currency) ?? "a currency"}${previous ? ` (it was ${previous})` : ""}: every such request now goes to finance.`;
    }
    case "provider_account.updated": {
      const label = recordedString(s.label) ?? recordedString(recordedObject(s.after).label) ?? recordedString(recordedObject(s.before).label);
      const account = label ? `the provider account “${label}”` : "a provider account";
      const active = recordedObject(s.after).active;
      if (typeof active === "boolean") return words`${who} ${active ? "enabled" : "disabled"} ${account}.`;
      const changes = accountChanges(s);
      return words`${who} changed ${changes ? `${changes} of ` : ""}${account}.`;
    }
    case "product.renamed": {
      // The provider's name (通用卡) names the product; the display names are what an administrator typed.
      const name = recordedString(s.name);
      const before = recordedString(recordedObject(s.before).displayName);
      const after = recordedString(recordedObject(s.after).displayName);
      const product = `the product ${before ? `“${before}” (the provider's “${name ?? "unnamed"}”)` : `“${name ?? "unnamed"}”`}`;
      return after ? words`${who} renamed ${product} to “${after}”.` : words`${who} removed the display name of ${product}; it shows the provider's name again.`;
    }
    case "provider_account.connect_failed": {
      // lib/provider-accounts/connect-account.ts: the label and address typed, and why the provider's check refused them.
      const label = recordedString(s.label);
      const address = recordedString(s.baseUrl);
      const problem = recordedString(s.problem);
      return words`${who} tried to connect ${label ? `the provider account “${label}”` : "a provider account"}${address ? ` at ${address}` : ""}: not connected.${problem ? ` ${trimmed(problem)}.` : ""}`;
    }
    case "provider_account.change_failed": {
      // lib/provider-accounts/update-account.ts: the account, the address its credentials were sent to, and the answer.
      const label = recordedString(s.label);
      const address = recordedString(s.baseUrl);
      const problem = recordedString(s.problem);
      return words`${who} tried to change ${label ? `the provider account “${label}”` : "a provider account"}${address ? `, checked at ${address}` : ""}: not saved.${problem ? ` ${trimmed(problem)}.` : ""}`;
    }
    case "provider_account.tested": {
      // lib/provider-accounts/test-connection.ts: the account's label, and the response time or the problem.
      const label = recordedString(s.label);
      const account = label ? `the provider account “${label}”` : "a provider account";
      const problem = recordedString(s.problem);
      if (event.outcome === "failure" || problem) {
        const detail = recordedString(s.providerDetail);
        return words`${who} tested ${account}: not connected${detail ? ` (${detail})` : ""}.${problem ? ` ${trimmed(problem)}.` : ""}`;
      }
      const latency = typeof s.latencyMs === "number" && Number.isFinite(s.latencyMs) ? ` (${s.latencyMs} ms)` : "";
      return words`${who} tested ${account}: connected${latency}.`;
    }
    case "provider_account.webhook_url_rotated": {
      const label = recordedString(s.label);
      return words`${who} rotated the webhook URL of ${label ? `the provider account “${label}”` : "a provider account"}; the old URL no longer works.`;
    }
    case "encryption.key_rotated": {
      const accounts = typeof s.providerAccounts === "number" ? s.providerAccounts : null;
      const authenticators = typeof s.authenticators === "number" ? s.authenticators : null;
      const what = [accounts !== null ? plural(accounts, "provider account", "provider accounts") : null, authenticators !== null ? plural(authenticators, "authenticator", "authenticators") : null].filter((part): part is string => part !== null);
      return words`${who} rotated the encryption key${what.length > 0 ? `, re-encrypting ${listText(what)}` : ""}.`;
    }
    case "funding.refreshed": {
      const failed = typeof s.failed === "number" ? s.failed : 0;
      return words`${who} refreshed the funding balances${failed > 0 ? `; ${plural(failed, "account", "accounts")} could not be read` : ""}.`;
    }
    case "transaction.unreadable": {
      const account = recordedString(s.providerAccount);
      const id = recordedString(s.providerTransactionId);
      const reason = recordedString(s.reason);
      const which = `${id ? `transaction ${id}` : "a transaction without an id"} from ${account ? `the provider account “${account}”` : "a provider account"}`;
      // A dismissed entry failing for another reason (recordUnreadTransactionRows): its dismissal was about the earlier one.
      if (s.reopened === true) {
        return words`The transaction sync could not read ${which} again, now for another reason${reason ? ` (${trimmed(reason)})` : ""}; its earlier dismissal no longer applies, and it is not in Cardhub until a later read stores it.`;
      }
      return words`The transaction sync could not read ${which}${reason ? ` (${trimmed(reason)})` : ""}; it is not in Cardhub until a later read stores it.`;
    }
    case "transaction.unread_dismissed": {
      const account = recordedString(s.providerAccount);
      const where = account ? `the provider account “${account}”` : "a provider account";
      const why = recordedString(s.dismissalReason);
      const because = why ? `: “${why}”` : "";
      const count = typeof s.count === "number" ? s.count : 1;
      if (count === 1 && !Array.isArray(s.providerTransactionIds)) {
        const id = recordedString(s.providerTransactionId);
        const reason = recordedString(s.reason);
        return words`${who} dismissed ${id ? `transaction ${id}` : "a transaction without an id"} of ${where}, which Cardhub could not read${reason ? ` (${trimmed(reason)})` : ""}${because}. It no longer counts as missing from the ledger.`;
      }
      return words`${who} dismissed ${plural(count, "provider transaction", "provider transactions")} of ${where} that Cardhub could not read${because}. ${count === 1 ? "It no longer counts" : "They no longer count"} as missing from the ledger.`;
    }
    case "transactions.exported":
      return words`${who} exported transactions as CSV.`;
    case "statements.exported": {
      const account = recordedString(s.providerAccount);
      const of = account ? `the statement of the provider account “${account}”` : event.targetType === "card" ? "a card's statement" : "a provider statement";
      const filters = statementFiltersText(s.filters);
      return words`${who} exported ${of} as CSV${filters ? ` (${filters})` : ""}.`;
    }
    case "export.denied": {
      const running = recordedString(s.reason) === "export_running" ? ": another export of theirs was still running" : "";
      return words`${who} was refused ${REFUSED_EXPORTS[recordedString(s.export) ?? ""] ?? "an export"}${running}.`;
    }
    case "audit.verification_requested":
      return words`${who} started ${s.kind === "full" ? "a full" : "an incremental"} verification of the audit chain${s.joinedRunning === true ? ", joining the one already running" : ""}.`;
    default:
      return null;
  }
}
