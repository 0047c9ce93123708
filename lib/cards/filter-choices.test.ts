import { describe, expect, it } from "vitest";
import { cardFiltersToCheck, keepOfferedCardFilters, type CardFilterChoices } from "./filter-choices";
import { parseCardSearch } from "./list-search";

const uuid = "6f1c2a9e-5b7d-4c1e-9a3f-2b8d4e6f1a2c";
const NOTHING_OFFERED: CardFilterChoices = { currencies: [], accounts: [], teams: [], owner: null };

describe("keeping only what the cards bar offers", () => {
  it("drops nothing from a link cardFiltersToCheck lets through unread (its choices are read alongside the list)", () => {
    const search = parseCardSearch({ q: "ads", provider: "nobepay", status: "frozen", currency: "eur", sort: "alias", dir: "asc" });
    expect(cardFiltersToCheck(search.filters)).toBe(false);
    expect(keepOfferedCardFilters(search, NOTHING_OFFERED)).toEqual(search);
  });

  it("checks first every link with a team, owner, or a code that is not a currency", () => {
    for (const raw of [{ team: uuid }, { owner: uuid }, { currency: "XXX" }]) {
      const search = parseCardSearch(raw);
      expect(cardFiltersToCheck(search.filters), JSON.stringify(raw)).toBe(true);
      const kept = keepOfferedCardFilters(search, NOTHING_OFFERED);
      expect(kept.filters, JSON.stringify(raw)).toEqual({});
      expect(kept.ignored, JSON.stringify(raw)).toHaveLength(1);
    }
  });
});
