import type { MerchantSpend } from "@/db/queries/overview-spend";
import { formatUtcDate } from "@/lib/format";
import { transactionSearchString } from "@/lib/transactions/list-search";

/**
 * The name the merchant rollup and topMerchants give blank merchant names (transaction_merchant_key, migration 0027).
 * The transactions list cannot search for a blank name, so this bucket gets no link.
 */
export const UNKNOWN_MERCHANT = "Unknown merchant";

/** The transactions list's merchant search takes at most this many characters (lib/transactions/list-search.ts). */
const MERCHANT_SEARCH_MAX = 100;

/** The start of a name within the list's search limit, whole characters only (a longer search is ignored there). */
function merchantSearchText(name: string): string {
  let text = "";
  for (const char of name) {
    if (text.length + char.length > MERCHANT_SEARCH_MAX) break;
    text += char;
  }
  return text;
}

/**
 * The transactions list behind one top merchant: the same currency and the same period (from the first of the month
 * the panel starts at, with no end, as the panel has none). The list matches merchants *containing* the name, so it
 * may show more than the panel's exact (trimmed) name and, as a list, every status; the panel says so. Null for the
 * "Unknown merchant" bucket.
 */
export function topMerchantHref(merchant: Pick<MerchantSpend, "merchant" | "currency">, from: Date): string | null {
  if (merchant.merchant === UNKNOWN_MERCHANT || merchant.merchant.trim() === "") return null;
  return `/transactions${transactionSearchString({ from: formatUtcDate(from), q: merchantSearchText(merchant.merchant), currency: merchant.currency })}`;
}
