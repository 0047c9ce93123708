import { describe, expect, it } from "vitest";
import { parseTransactionSearch } from "@/lib/transactions/list-search";
import { topMerchantHref, UNKNOWN_MERCHANT } from "./overview-links";

const FROM = new Date("2026-10-01T00:00:00Z");
const searchOf = (href: string) => parseTransactionSearch(new URL(href, "http://cardhub.test").searchParams);

describe("topMerchantHref", () => {
  it("opens the list over the panel's period (from its first month, no end) and currency", () => {
    const href = topMerchantHref({ merchant: "AWS & Co", currency: "EUR" }, FROM)!;
    expect(searchOf(href)).toEqual({ filters: { from: "2026-10-01", q: "AWS & Co", currency: "EUR" }, after: undefined, before: undefined, ignored: [] });
  });

  it("gives the blank-name bucket no link: the list cannot search for a blank name", () => {
    expect(topMerchantHref({ merchant: UNKNOWN_MERCHANT, currency: "USD" }, FROM)).toBeNull();
  });

  it("keeps a long name within the list's 100-character search, whole characters only, so the search is not dropped", () => {
    const name = `${"a".repeat(99)}😀 and more`;
    const search = searchOf(topMerchantHref({ merchant: name, currency: "USD" }, FROM)!);
    expect(search.ignored).toEqual([]);
    expect(search.filters.q).toBe("a".repeat(99));
  });
});
