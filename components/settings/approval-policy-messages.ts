import { REQUEST_KIND_LABELS } from "@/components/requests/labels";
import type { RequestKind } from "@/db/schema/requests";
import { formatMoney } from "@/lib/format";

/**
 * What the approval policy editor and its server actions say about a threshold. Every amount is given in minor units
 * and written with formatMoney ("$1,000.00", "€500.00", "¥1,000"), as amounts are everywhere else in Cardhub, so the
 * messages read alike whichever of them states it; only the row's field holds the plain decimal one types ("1000.00").
 */

/**
 * What "Add approval threshold" answers, on its currency field, for a kind and currency that already have a threshold: adding
 * never replaces one in force (that is its row's Save). The form and the server's add action word it alike.
 */
export function approvalThresholdTakenMessage(kind: RequestKind, currency: string, thresholdMinor: bigint): string {
  return `${REQUEST_KIND_LABELS[kind]} requests in ${currency} already have a threshold (${formatMoney(thresholdMinor, currency)}): change it in its row above.`;
}

/** Said beside the add form once a threshold is added: `thresholdMinor` is what the server stored. */
export function approvalThresholdAddedMessage(kind: RequestKind, currency: string, thresholdMinor: bigint): string {
  return `Added: finance approves ${REQUEST_KIND_LABELS[kind].toLowerCase()} requests in ${currency} from ${formatMoney(thresholdMinor, currency)}, after the manager.`;
}

/** A row's Save that found another administrator's change (or removal) in force: `currentMinor` is theirs, null when removed. */
export function approvalThresholdMovedMessage(currency: string, currentMinor: bigint | null): string {
  return currentMinor === null
    ? "Another administrator removed this threshold since the page was opened: add it again below if it is still wanted."
    : `Another administrator changed this threshold to ${formatMoney(currentMinor, currency)} since the page was opened; it now shows theirs. Type yours again to replace it.`;
}
