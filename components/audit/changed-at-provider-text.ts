import { STATUS_LABELS } from "@/components/cards/status-labels";
import { formatUtcDateTime } from "@/lib/format";
import { recordedObject, recordedString, recordedText } from "./recorded-values";
import { summaryMoney } from "./summary-money";

/** "frozen"; for a status Cardhub does not know, the provider's own word when the row has it. */
function statusText(status: unknown, providerStatus: unknown): string | null {
  const value = recordedText(status);
  if (!value) return null;
  if (value === "unknown") return `in a status Cardhub does not know${recordedText(providerStatus) ? ` (“${recordedText(providerStatus)}”)` : ""}`;
  return (STATUS_LABELS as Record<string, string | undefined>)[value]?.toLowerCase() ?? value;
}

/** " on 2026-12-01 18:32 UTC" for a row that recorded when the card closed (the card page's form), else "". */
function closedText(closedAt: unknown): string {
  const recorded = recordedString(closedAt);
  const at = recorded ? new Date(recorded) : null;
  return at && !Number.isNaN(at.getTime()) ? ` on ${formatUtcDateTime(at)}` : "";
}

/** "per-transaction limit $9,000.00 (was $500.00)", "no lifetime limit (was $5,000.00)"; null when the row has no such change. */
function limitText(name: string, key: string, before: Record<string, unknown>, after: Record<string, unknown>, currency: unknown): string | null {
  if (!(key in after)) return null;
  const was = before[key] === null ? "none" : (summaryMoney(before[key], currency) ?? "unknown");
  if (after[key] === null) return `no ${name} (was ${was})`;
  const now = summaryMoney(after[key], currency);
  return now ? `${name} ${now} (was ${was})` : null;
}

/**
 * What a card.changed_at_provider row says the provider reported, after "… reported <card>": " frozen (was active);
 * per-transaction limit $9,000.00 (was $500.00)", " cancelled on 2026-12-01 18:32 UTC (was active)" where the row
 * recorded when the card closed, or " with lifetime limit …" for limits alone. Limits are in the
 * card's currency, recorded as minor units (null: no limit).
 */
export function changedAtProviderText(summary: Record<string, unknown>): string {
  const before = recordedObject(summary.before);
  const after = recordedObject(summary.after);
  const status = statusText(after.status, summary.providerStatus);
  const limits = [
    limitText("per-transaction limit", "perTransaction", before, after, summary.currency),
    limitText("lifetime limit", "lifetime", before, after, summary.currency),
  ].filter((part) => part !== null);
  if (status) return [` ${status}${closedText(summary.closedAt)} (was ${statusText(before.status, null) ?? "unknown"})`, ...limits].join("; ");
  return limits.length > 0 ? ` with ${limits.join("; ")}` : " changed";
}
