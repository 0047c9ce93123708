import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LimitUsage, type FundsFields } from "./limit-usage";

const text = (card: FundsFields) => renderToStaticMarkup(createElement(LimitUsage, { card })).replace(/<[^>]+>/g, "");

describe("LimitUsage", () => {
  it("says a capped ShareBalance card's amount is what it used, not what it has left", () => {
    const card: FundsFields = { cardModel: "sharebalance", status: "active", currency: "USD", balance: null, limitLifetime: 500_000n, limitUsed: 265_950n };
    expect(text(card)).toBe("$2,659.50 used of $5,000.00");
    expect(renderToStaticMarkup(createElement(LimitUsage, { card }))).toContain('aria-valuetext="$2,659.50 of $5,000.00 used (53%)"');
  });

  it("shows an uncapped card's use and says it is unlimited", () => {
    expect(text({ cardModel: "sharebalance", status: "active", currency: "USD", balance: null, limitLifetime: null, limitUsed: 317_721n })).toBe("$3,177.21 usedUnlimited");
  });

  it("does not present unknown use as none: a provider that reports no usage gets no meter", () => {
    const card: FundsFields = { cardModel: "sharebalance", status: "active", currency: "USD", balance: 10_050n, limitLifetime: 100_000n, limitUsed: null };
    expect(text(card)).toBe("$1,000.00 limitUse not reported by the provider");
    expect(renderToStaticMarkup(createElement(LimitUsage, { card }))).not.toContain('role="meter"');
  });

  it("shows what a cancelled card used, without a meter toward a cap it can no longer reach", () => {
    const card: FundsFields = { cardModel: "sharebalance", status: "cancelled", currency: "USD", balance: null, limitLifetime: 500_000n, limitUsed: 265_950n };
    expect(text(card)).toBe("$2,659.50 usedCancelled: spends no more");
    expect(renderToStaticMarkup(createElement(LimitUsage, { card }))).not.toContain('role="meter"');
  });

  it("shows the balance of a card that holds its own money", () => {
    expect(text({ cardModel: "standard", status: "active", currency: "USD", balance: 3_558n, limitLifetime: null, limitUsed: null })).toBe("$35.58");
  });
});
