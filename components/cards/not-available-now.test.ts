import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { NotAvailableNow } from "./not-available-now";

const html = (props: Parameters<typeof NotAvailableNow>[0]) => renderToStaticMarkup(createElement(NotAvailableNow, props));
const text = (markup: string) => markup.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();

describe("NotAvailableNow", () => {
  it("names each action the card's state holds back, with why, under its own heading", () => {
    const markup = html({ held: [{ action: "topUp", reason: "The card is frozen: unfreeze it first." }], heldRequests: [] });
    expect(markup).toMatch(/<section[^>]*aria-labelledby="not-available-now-heading"/);
    expect(markup).toMatch(/<h2[^>]*id="not-available-now-heading"[^>]*>.*Not available now<\/h2>/);
    expect(text(markup)).toContain("Top up: The card is frozen: unfreeze it first.");
  });

  it("names a request one may not file yet by the link it would have been", () => {
    const markup = html({ held: [], heldRequests: [{ kind: "top_up", reason: "The card is not activated yet: ask for its activation first." }] });
    expect(text(markup)).toContain("Request a top-up: The card is not activated yet: ask for its activation first.");
  });

  it("is not there when nothing is held back", () => {
    expect(html({ held: [], heldRequests: [] })).toBe("");
  });
});
