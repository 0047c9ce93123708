import { REQUEST_KIND_LABELS } from "@/components/requests/labels";
import type { RequestKind } from "@/db/schema/requests";

/**
 * What "Add approval threshold" answers, on its currency field, for a kind and currency that already have a threshold: adding
 * never replaces one in force (that is its row's Save). The form and the server's add action word it alike.
 * `threshold` is the one in force as the page shows it ("1000.00").
 */
export function approvalThresholdTakenMessage(kind: RequestKind, currency: string, threshold: string): string {
  return `${REQUEST_KIND_LABELS[kind]} requests in ${currency} already have a threshold (${threshold} ${currency}): change it in its row above.`;
}
