import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TransactionTotals } from "./transaction-totals";

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();
const render = (totals: Parameters<typeof TransactionTotals>[0]["totals"]) => text(renderToStaticMarkup(createElement(TransactionTotals, { totals, period: "all time" })));

describe("the transactions list's totals", () => {
  it("shows each currency's spend, refunds, their net and the declines, never summed across currencies", () => {
    expect(
      render([
        { currency: "USD", spent: 638_359n, refunded: 30_625n, declinedCount: 21, count: 432 },
        { currency: "EUR", spent: 1_000n, refunded: 0n, declinedCount: 0, count: 1 },
      ]),
    ).toBe(
      "Totals of the filtered transactions, all time USD Spent $6,383.59 Refunded $306.25 Net $6,077.34 Declined 21 432 transactions · all time " +
        "EUR Spent €10.00 Refunded €0.00 Net €10.00 Declined 0 1 transaction · all time",
    );
  });

  it("shows a net below zero when refunds outweigh the spend", () => {
    expect(render([{ currency: "USD", spent: 500n, refunded: 2_000n, declinedCount: 0, count: 3 }])).toContain("Net −$15.00");
  });

  it("shows nothing when nothing matches", () => {
    expect(render([])).toBe("");
  });
});
