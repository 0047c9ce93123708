import { recordedText } from "./recorded-values";

type HistoryEvent = { action: string; summary: Record<string, unknown> };

/**
 * An item's history, one row per thing that happened. A refused issue is recorded twice, in one transaction and with
 * the same summary (lib/orders/settle-order failLocked): card.issue_failed for the card and order.failed for its
 * request. The history shows the order's row ("The provider refused the request to issue …"), which follows the
 * request's own row ("… asked the provider to issue …"); the audit log keeps and shows both rows as recorded.
 */
export function withoutRepeatedRefusals<T extends HistoryEvent>(rows: readonly T[]): T[] {
  const refused = new Set(rows.filter((row) => row.action === "order.failed").flatMap((row) => recordedText(row.summary.orderId) ?? []));
  return rows.filter((row) => row.action !== "card.issue_failed" || !refused.has(recordedText(row.summary.orderId) ?? ""));
}
