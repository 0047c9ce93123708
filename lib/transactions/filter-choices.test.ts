import { describe, expect, it } from "vitest";
import { keepOfferedTransactionFilters, transactionFiltersToCheck, type TransactionFilterChoices } from "./filter-choices";
import { parseTransactionSearch } from "./list-search";

const uuid = "6f1c2a9e-5b7d-4c1e-9a3f-2b8d4e6f1a2c";
const NOTHING_OFFERED: TransactionFilterChoices = { accounts: [], accountsHeldOnly: false, currencies: [], teams: [], owner: null, card: null, ownCards: null };

describe("keeping only what the transactions bar offers", () => {
  it("drops nothing from a link transactionFiltersToCheck lets through unread (its choices are read alongside the list)", () => {
    const search = parseTransactionSearch({ from: "2026-01-01", to: "2026-01-31", status: "settled", provider: "nobepay", q: "coffee", min: "1", max: "2", currency: "eur" });
    expect(transactionFiltersToCheck(search.filters)).toBe(false);
    expect(keepOfferedTransactionFilters(search, NOTHING_OFFERED)).toEqual(search);
  });

  it("checks first every link with a team, account, card, cardholder, or a code that is not a currency", () => {
    for (const raw of [{ team: uuid }, { account: uuid }, { card: uuid }, { owner: uuid }, { currency: "XXX" }]) {
      const search = parseTransactionSearch(raw);
      expect(transactionFiltersToCheck(search.filters), JSON.stringify(raw)).toBe(true);
      const kept = keepOfferedTransactionFilters(search, NOTHING_OFFERED);
      expect(kept.filters, JSON.stringify(raw)).toEqual({});
      expect(kept.ignored, JSON.stringify(raw)).toHaveLength(1);
    }
  });
});
