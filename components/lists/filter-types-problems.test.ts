import { describe, expect, it } from "vitest";
import { AMOUNT_BOUND_PATTERN, AMOUNT_BOUND_PROBLEM, parseTransactionSearch } from "@/lib/transactions/list-search";
import { filterProblems, type FilterField } from "./filter-types";

const check = { pattern: AMOUNT_BOUND_PATTERN, message: AMOUNT_BOUND_PROBLEM };
const FIELDS: FilterField[] = [
  { kind: "date", name: "from", label: "From" },
  { kind: "date", name: "to", label: "To" },
  { kind: "text", name: "min", label: "Minimum amount", check },
  { kind: "text", name: "max", label: "Maximum amount", check },
];

describe("filterProblems: what the filter bar marks instead of applying", () => {
  it("marks an amount the list's parse would drop, on its own field, and only those", () => {
    for (const typed of ["1,5", "1,000", "$25", "-5", "25.", "2e3"]) {
      expect(filterProblems(FIELDS, { min: typed }), typed).toEqual({ min: AMOUNT_BOUND_PROBLEM });
      // The same words' test as the server's: what the bar marks, the link's parse drops.
      expect(parseTransactionSearch({ min: typed }).ignored.map((issue) => issue.field), typed).toEqual(["min"]);
    }
    for (const typed of ["25", "25.50", " 7 ", "0.0001"]) {
      expect(filterProblems(FIELDS, { min: typed }), typed).toEqual({});
      expect(parseTransactionSearch({ min: typed }).ignored, typed).toEqual([]);
    }
  });

  it("marks a maximum below the minimum and a To day before From, as the list would drop those ranges", () => {
    expect(filterProblems(FIELDS, { min: "20", max: "5" })).toEqual({ max: "The maximum is below the minimum." });
    expect(filterProblems(FIELDS, { min: "5", max: "20" })).toEqual({});
    expect(filterProblems(FIELDS, { from: "2026-12-04", to: "2026-12-03" })).toEqual({ to: "To is before From." });
    expect(filterProblems(FIELDS, { from: "2026-12-04", to: "2026-12-04" })).toEqual({});
    // A year still being typed (0002, 0020 …) is not judged yet.
    expect(filterProblems(FIELDS, { from: "2026-12-04", to: "0002-12-03" })).toEqual({});
  });

  it("judges only the checks a list's fields have", () => {
    expect(filterProblems([{ kind: "text", name: "min", label: "Minimum" }], { min: "1,5", max: "1" })).toEqual({});
  });
});
