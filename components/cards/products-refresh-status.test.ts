import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { SyncHealth } from "@/db/queries/provider-sync-status";
import { unreadProductsText } from "@/lib/products/products-refresh-outcome";
import { ProductsRefreshStatus } from "./products-refresh-status";

const at = new Date(Date.UTC(2026, 11, 2, 10, 42, 7));
const earlier = new Date(Date.UTC(2026, 11, 2, 9, 42));
const MASTERCARD_FEES =
  "The fees of Card OPEN-API's BIN cpi_65a1b2c3d4e5f could not be read, so it keeps the fees last known: The card provider does not know this card or order. (provider says: record not found: bin_id)";
const AMEX_CURRENCY = "Card OPEN-API's BIN cpi_6530de6a2f1d9 states no currency, so it is not offered (an amount in a guessed currency would be another sum)";

const render = (health: SyncHealth | undefined) => renderToStaticMarkup(createElement(ProductsRefreshStatus, { health }));
/** What a screen reader reads: the text, each paragraph and list item apart. */
const text = (html: string) =>
  html
    .replace(/<\/(p|li)>/g, " ")
    .replace(/<[^>]+>/g, "")
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, " ");

describe("the products refresh status of an account", () => {
  it("says a refresh that could not read one product's fees refreshed the rest, and names that product with why", () => {
    const html = render({ lastSuccessAt: at, lastErrorAt: at, lastError: unreadProductsText([MASTERCARD_FEES]) });
    expect(html).toContain('role="alert"');
    expect(text(html)).toContain(`Refreshed 2026-12-02 10:42 UTC; 1 product could not be read: ${MASTERCARD_FEES}.`);
    expect(text(html)).not.toContain("failed");
    expect(html).not.toContain("text-destructive");
  });

  it("lists each product a partial refresh could not read", () => {
    const html = render({ lastSuccessAt: at, lastErrorAt: at, lastError: unreadProductsText([AMEX_CURRENCY, MASTERCARD_FEES]) });
    expect(text(html)).toContain("Refreshed 2026-12-02 10:42 UTC; 2 products could not be read:");
    expect(html.match(/<li[ >]/g)).toHaveLength(2);
    expect(text(html)).toContain(AMEX_CURRENCY);
    expect(text(html)).toContain(MASTERCARD_FEES);
  });

  it("says a refresh that read nothing failed, as an alert", () => {
    const html = render({ lastSuccessAt: earlier, lastErrorAt: at, lastError: "The card provider did not answer." });
    expect(html).toContain('role="alert"');
    expect(text(html)).toContain("The last refresh failed (2026-12-02 10:42 UTC): The card provider did not answer. Products and fees below may be out of date.");
  });

  it("says nothing after a clean refresh, or before any", () => {
    expect(render({ lastSuccessAt: at, lastErrorAt: earlier, lastError: "The card provider did not answer." })).toBe("");
    expect(render(undefined)).toBe("");
  });
});
