import { describe, expect, it } from "vitest";
import { encodeTransactionCursor, parseTransactionSearch, transactionSearchString } from "./list-search";

const uuid = "6f1c2a9e-5b7d-4c1e-9a3f-2b8d4e6f1a2c";

describe("transaction query parameters", () => {
  it("reads exactly the documented names", () => {
    const search = parseTransactionSearch({
      from: "2026-01-01",
      to: "2026-01-31",
      status: "settled",
      provider: "nobepay",
      account: uuid,
      card: uuid,
      owner: uuid,
      team: uuid,
      q: " coffee ",
      min: "10",
      max: "25.50",
      currency: "usd",
    });
    expect(search.ignored).toEqual([]);
    expect(search.filters).toEqual({
      from: "2026-01-01",
      to: "2026-01-31",
      status: "settled",
      provider: "nobepay",
      accountId: uuid,
      cardId: uuid,
      ownerUserId: uuid,
      teamId: uuid,
      q: "coffee",
      min: "10",
      max: "25.50",
      currency: "USD",
    });
    expect(transactionSearchString(search.filters)).toBe(
      `?from=2026-01-01&to=2026-01-31&status=settled&provider=nobepay&account=${uuid}&card=${uuid}&owner=${uuid}&team=${uuid}&q=coffee&min=10&max=25.50&currency=USD`,
    );
  });

  it("drops a bad value with a notice naming it and keeps the rest", () => {
    const search = parseTransactionSearch({
      from: "2026-02-30",
      status: "paid",
      min: "1e3",
      max: "-5",
      card: "x",
      q: "ok",
    });
    expect(search.filters).toEqual({ q: "ok" });
    expect(search.ignored.map((issue) => issue.field).sort()).toEqual([
      "card",
      "from",
      "max",
      "min",
      "status",
    ]);
  });

  it("refuses an upside-down range and a doubled page cursor", () => {
    expect(parseTransactionSearch({ from: "2026-02-01", to: "2026-01-01" }).filters).toEqual({});
    expect(parseTransactionSearch({ min: "30", max: "20" }).filters).toEqual({});
    const cursor = encodeTransactionCursor({ at: "2026-01-01T00:00:00.000000Z", id: uuid });
    expect(parseTransactionSearch({ after: cursor }).after).toEqual({
      at: "2026-01-01T00:00:00.000000Z",
      id: uuid,
    });
    const both = parseTransactionSearch({ after: cursor, before: cursor });
    expect(both.after).toBeUndefined();
    expect(both.before).toBeUndefined();
    expect(parseTransactionSearch({ after: "garbage" }).ignored[0]?.field).toBe("after");
  });

  it("shows the first page, with a notice, for a page link whose time is not one the list writes", () => {
    // Each of these JavaScript's Date.parse reads as a time; PostgreSQL refuses the first four, and the list never
    // writes any of them.
    for (const at of ["1", "2026-02-30T00:00:00.000000Z", "0000-01-01T00:00:00.000000Z", "2026-01-01T00:00:00.000000+25:00", "2026-01-01T00:00:00Z", "2026-01-01T24:00:00.000000Z", "Jan 1 2026"]) {
      const search = parseTransactionSearch({ after: encodeTransactionCursor({ at, id: uuid }), q: "ok" });
      expect({ at, after: search.after, ignored: search.ignored }).toEqual({
        at,
        after: undefined,
        ignored: [{ field: "after", label: "Page", message: "The page link is not valid, so the first page is shown." }],
      });
      expect(search.filters).toEqual({ q: "ok" });
    }
    for (const at of ["0001-01-01T00:00:00.000000Z", "2024-02-29T23:59:59.999999Z", "9999-12-31T23:59:59.999999Z"])
      expect(parseTransactionSearch({ before: encodeTransactionCursor({ at, id: uuid }) }).before).toEqual({ at, id: uuid });
  });

  it("ignores, with a notice, a year the database cannot hold and keeps the edges it can", () => {
    const search = parseTransactionSearch({ from: "0000-01-01", to: "9999-12-31", q: "ok" });
    expect(search.filters).toEqual({ q: "ok" });
    expect(search.ignored).toEqual([
      { field: "from", label: "From", message: "From must be between 1970 and 2999; it was ignored." },
      { field: "to", label: "To", message: "To must be between 1970 and 2999; it was ignored." },
    ]);
    const edges = parseTransactionSearch({ from: "1970-01-01", to: "2999-12-31" });
    expect(edges.ignored).toEqual([]);
    expect(edges.filters).toEqual({ from: "1970-01-01", to: "2999-12-31" });
  });
});
