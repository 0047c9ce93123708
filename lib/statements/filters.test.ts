import { describe, expect, it } from "vitest";
import { dateBounds, parseStatementSearch } from "./filters";

describe("statement list dates", () => {
  it("ignores, with a notice, a year the database cannot hold", () => {
    const { search, notices } = parseStatementSearch(new URLSearchParams("from=0000-01-01&to=9999-12-31"));
    expect(search).toMatchObject({ from: null, to: null });
    expect(notices).toEqual([
      'The start date "0000-01-01" is not valid and was ignored.',
      'The end date "9999-12-31" is not valid and was ignored.',
    ]);
    expect(dateBounds(search)).toEqual({ from: undefined, until: undefined });
  });

  it("keeps the edges of the supported years, whose bounds the database accepts", () => {
    const { search, notices } = parseStatementSearch(new URLSearchParams("from=1970-01-01&to=2999-12-31"));
    expect(notices).toEqual([]);
    expect(dateBounds(search)).toEqual({ from: new Date("1970-01-01T00:00:00.000Z"), until: new Date("3000-01-01T00:00:00.000Z") });
  });
});
