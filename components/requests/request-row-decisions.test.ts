import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { RequestRowDecisions } from "./request-row-decisions";
import type { RowDecisionView } from "./list-decision-view";

const view: RowDecisionView = { requestId: "r1", step: 0, lastStep: true, name: "top-up request for Eli – Travel", facts: [], approveBlockedBy: null, movesMoney: true };
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();

describe("a list row's decision buttons", () => {
  it("offers Approve and Reject while it can be approved", () => {
    expect(text(renderToStaticMarkup(createElement(RequestRowDecisions, { view })))).toBe("Approve top-up request for Eli – Travel Reject … top-up request for Eli – Travel");
  });

  it("offers only Reject where it cannot be approved, and says why beside it", () => {
    const blocked = { ...view, approveBlockedBy: "The card is frozen, so it cannot be topped up until it is unfrozen." };
    expect(text(renderToStaticMarkup(createElement(RequestRowDecisions, { view: blocked })))).toBe(
      "Reject … top-up request for Eli – Travel The card is frozen, so it cannot be topped up until it is unfrozen.",
    );
  });
});
