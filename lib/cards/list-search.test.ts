import { describe, expect, it } from "vitest";
import { cardSearchString, parseCardSearch, rankBalancesInOneCurrency } from "./list-search";

describe("rankBalancesInOneCurrency", () => {
  it("ranks the first of several currencies, says so, and keeps that currency in the page's links", () => {
    const { search, choseCurrency } = rankBalancesInOneCurrency(parseCardSearch({ sort: "balance", dir: "desc", status: "active" }), ["EUR", "JPY", "USD"]);
    expect(choseCurrency).toBe("EUR");
    expect(search.filters).toEqual({ status: "active", currency: "EUR" });
    expect(cardSearchString(search)).toBe("?status=active&currency=EUR&sort=balance&dir=desc");
  });

  it("uses an organisation's only currency without a notice", () => {
    const { search, choseCurrency } = rankBalancesInOneCurrency(parseCardSearch({ sort: "balance" }), ["USD"]);
    expect(choseCurrency).toBeNull();
    expect(search.filters.currency).toBe("USD");
  });

  it("leaves a chosen currency and every other sort alone", () => {
    const chosen = parseCardSearch({ sort: "balance", currency: "jpy" });
    expect(rankBalancesInOneCurrency(chosen, ["EUR", "JPY"])).toEqual({ search: chosen, choseCurrency: null });
    const byAlias = parseCardSearch({ sort: "alias" });
    expect(rankBalancesInOneCurrency(byAlias, ["EUR", "JPY"])).toEqual({ search: byAlias, choseCurrency: null });
  });

  it("falls back to the default order when there is no card in any currency yet", () => {
    const { search, choseCurrency } = rankBalancesInOneCurrency(parseCardSearch({ sort: "balance" }), []);
    expect(choseCurrency).toBeNull();
    expect(search.sort).toEqual({ field: "created", direction: "desc" });
    expect(search.filters.currency).toBeUndefined();
  });
});
