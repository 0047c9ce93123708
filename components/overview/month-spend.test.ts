import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MonthSpendFigures } from "./month-spend";

const text = (thisMonth: bigint, lastMonthToDate: bigint) =>
  renderToStaticMarkup(createElement(MonthSpendFigures, { spend: [{ currency: "USD", thisMonth, lastMonthToDate, lastMonth: 7_001n }], testIdPrefix: "spend" })).replace(/<[^>]+>/g, " ");

describe("this month's spend against last month's", () => {
  it("groups a large change in thousands, as the money on the same line is", () => {
    expect(text(5_659n, 43n)).toContain("By this day last month: $0.43 (+13,060.4%)");
  });

  it("writes a fall with the minus sign", () => {
    expect(text(7_500n, 10_000n)).toContain("(\u221225.0%)");
  });
});
