import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { BackgroundSyncHealth } from "@/db/queries/provider-sync-status";
import { unreadProductsText } from "@/lib/products/products-refresh-outcome";
import { BackgroundSyncList } from "./background-sync-list";

const read = (kind: BackgroundSyncHealth["kind"]): BackgroundSyncHealth => ({
  accountId: "a",
  kind,
  lastSuccessAt: new Date(Date.UTC(2026, 11, 2, 11, 40)),
  lastErrorAt: null,
  lastError: null,
});

describe("an account's other reads on Settings → Provider accounts", () => {
  it("leaves out a statements read for Card OPEN-API, which provides no statement", () => {
    const html = renderToStaticMarkup(createElement(BackgroundSyncList, { provider: "cardopenapi", reads: [read("transactions"), read("statements"), read("products")] }));
    expect(html).toContain("Transactions:");
    expect(html).toContain("Products:");
    expect(html).not.toContain("Statements:");
  });

  it("shows it for a provider that keeps one", () => {
    const html = renderToStaticMarkup(createElement(BackgroundSyncList, { provider: "cardepass", reads: [read("statements")] }));
    expect(html).toContain("Statements:</span> read 2026-12-02 11:40 UTC");
  });
});

describe("a products refresh that read some products and not others, on Settings → Provider accounts", () => {
  const ACCOUNT = "5e48aa00-1234-4abc-8def-0123456789ab";
  const at = new Date(Date.UTC(2026, 11, 2, 10, 42, 7));
  const MASTERCARD_FEES =
    "The fees of Card OPEN-API's BIN cpi_65a1b2c3d4e5f could not be read, so it keeps the fees last known: The card provider does not know this card or order. (provider says: record not found: bin_id)";
  const AMEX_CURRENCY = "Card OPEN-API's BIN cpi_6530de6a2f1d9 states no currency, so it is not offered (an amount in a guessed currency would be another sum)";
  const partial = (reasons: string[]): BackgroundSyncHealth => ({ accountId: ACCOUNT, kind: "products", lastSuccessAt: at, lastErrorAt: at, lastError: unreadProductsText(reasons) });
  const render = (reasons: string[], accountActive = true) => renderToStaticMarkup(createElement(BackgroundSyncList, { provider: "cardopenapi", accountActive, reads: [partial(reasons)] }));
  /** What a screen reader reads: the text, each list item apart. */
  const text = (html: string) =>
    html
      .replace(/<\/li>/g, " ")
      .replace(/<[^>]+>/g, "")
      .replace(/&#x27;/g, "'")
      .replace(/\s+/g, " ");

  it("says it read them then and how many it could not read, naming each with why, not as a failure", () => {
    const html = render([AMEX_CURRENCY, MASTERCARD_FEES]);
    expect(text(html)).toContain("Products: read 2026-12-02 10:42 UTC, 2 could not be read:");
    expect(text(html)).toContain(`${AMEX_CURRENCY}.`);
    expect(text(html)).toContain(`${MASTERCARD_FEES}.`);
    expect(text(html)).not.toContain("failed");
    expect(html).not.toContain("text-destructive");
    expect(html).toContain(`href="/cards/products#account-${ACCOUNT}"`);
  });

  it("names the first few and counts the rest, which the products page lists", () => {
    const reasons = ["BIN 1 has no currency", "BIN 2 has no currency", "BIN 3 has no currency", "BIN 4 has no currency", "BIN 5 has no currency"];
    const html = render(reasons);
    expect(text(html)).toContain("Products: read 2026-12-02 10:42 UTC, 5 could not be read:");
    expect(text(html)).toContain("BIN 3 has no currency.");
    expect(text(html)).not.toContain("BIN 4");
    expect(text(html)).toContain("And 2 more; all are on the Products page.");
    expect(html).toContain(`href="/cards/products#account-${ACCOUNT}"`);
  });

  it("does not send a disabled account's line to the products page, which lists active accounts only", () => {
    const html = render(["BIN 1 has no currency", "BIN 2 has no currency", "BIN 3 has no currency", "BIN 4 has no currency"], false);
    expect(text(html)).toContain("Products: read 2026-12-02 10:42 UTC, 4 could not be read:");
    expect(text(html)).toContain("And 1 more.");
    expect(html).not.toContain("/cards/products");
  });
});
