import { describe, expect, it } from "vitest";
import { parseRequestSearch } from "./list-search";

describe("request list dates", () => {
  it("ignores, with a notice, a year the database cannot hold and keeps the edges it can", () => {
    const search = parseRequestSearch({ from: "0000-01-01", to: "9999-12-31", status: "approved" });
    expect(search.filters).toEqual({ status: "approved" });
    expect(search.ignored).toEqual([
      { field: "from", label: "From", message: "Dates run from 1970 to 2999; the start date was ignored." },
      { field: "to", label: "To", message: "Dates run from 1970 to 2999; the end date was ignored." },
    ]);
    const edges = parseRequestSearch({ from: "1970-01-01", to: "2999-12-31" });
    expect(edges.ignored).toEqual([]);
    expect(edges.filters).toEqual({ from: "1970-01-01", to: "2999-12-31" });
  });

  it("still names a malformed or impossible date", () => {
    expect(parseRequestSearch({ from: "2026-02-30", to: "31.12.2026" }).ignored).toEqual([
      { field: "from", label: "From", message: "A date is written 2026-12-31; the start date was ignored." },
      { field: "to", label: "To", message: "A date is written 2026-12-31; the end date was ignored." },
    ]);
  });
});
