import { describe, expect, it } from "vitest";
import { filterHref, isYearStillTyped, type FilterField } from "./filter-types";

const FIELDS: FilterField[] = [
  { kind: "search", name: "q", label: "Search" },
  { kind: "select", name: "status", label: "Status", anyLabel: "All", options: [{ value: "open", label: "Open" }] },
  { kind: "select", name: "order", label: "Sort by", params: ["sort", "dir"], options: [{ value: "sort=alias&dir=asc", label: "A–Z" }] },
];

describe("filterHref", () => {
  it("leaves empty values out and spreads a sort choice into its parameters", () => {
    expect(filterHref("/cards", FIELDS, { q: " fuel ", status: "", order: "sort=alias&dir=asc" })).toBe("/cards?q=fuel&sort=alias&dir=asc");
    expect(filterHref("/cards", FIELDS, {})).toBe("/cards");
  });

  it("keeps the parameters the path carries (the requests tab) and drops any page cursor", () => {
    expect(filterHref("/requests?tab=inbox", FIELDS, { status: "open" })).toBe("/requests?tab=inbox&status=open");
    expect(filterHref("/requests?tab=all", FIELDS, { status: "" })).toBe("/requests?tab=all");
  });
});

describe("isYearStillTyped", () => {
  it("holds the values a date input passes through while its year is typed digit by digit, and no other", () => {
    expect(["0002-06-01", "0020-06-01", "0202-06-01"].map(isYearStillTyped)).toEqual([true, true, true]);
    expect(["2024-06-01", "1999-12-31", "", "2024-06"].map(isYearStillTyped)).toEqual([false, false, false, false]);
  });
});
