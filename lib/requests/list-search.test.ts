import { describe, expect, it } from "vitest";
import { encodeRequestCursor, parseRequestSearch, requestSearchString } from "./list-search";

describe("request list dates", () => {
  it("ignores, with a notice, a year the database cannot hold and keeps the edges it can", () => {
    const search = parseRequestSearch({ from: "0000-01-01", to: "9999-12-31", status: "approved" });
    expect(search.filters).toEqual({ status: "approved" });
    expect(search.ignored).toEqual([
      { field: "from", label: "From", message: "From must be between 1970 and 2999; it was ignored." },
      { field: "to", label: "To", message: "To must be between 1970 and 2999; it was ignored." },
    ]);
    const edges = parseRequestSearch({ from: "1970-01-01", to: "2999-12-31" });
    expect(edges.ignored).toEqual([]);
    expect(edges.filters).toEqual({ from: "1970-01-01", to: "2999-12-31" });
  });

  it("says an impossible date is not a real one and a malformed one how a date is written, as the other lists do", () => {
    expect(parseRequestSearch({ from: "2026-02-30", to: "31.12.2026" }).ignored).toEqual([
      { field: "from", label: "From", message: "From is not a real date; it was ignored." },
      { field: "to", label: "To", message: "To must be a date like 2026-01-31; it was ignored." },
    ]);
  });

  it("drops a whole range whose To is before its From, as the other lists do, not its To alone", () => {
    const search = parseRequestSearch({ from: "2026-12-06", to: "2026-12-01", status: "approved" });
    expect(search.filters).toEqual({ status: "approved" });
    expect(search.ignored).toEqual([{ field: "to", label: "To", message: "earlier than From; the date range was ignored." }]);
  });
});

describe("request list status", () => {
  it("takes 'waiting' (Waiting for another change) as a status filter and keeps it in the link", () => {
    const search = parseRequestSearch({ status: "waiting" });
    expect(search).toMatchObject({ filters: { status: "waiting" }, ignored: [] });
    expect(requestSearchString("all", search.filters)).toBe("?tab=all&status=waiting");
    expect(parseRequestSearch({ status: "stuck" }).ignored).toEqual([{ field: "status", label: "Status", message: "Unknown status; showing every status." }]);
  });
});

describe("request list page links", () => {
  const id = "6f1c2a9e-5b7d-4c1e-9a3f-2b8d4e6f1a2c";

  it("shows the first page, with a notice, for a time the database cannot hold or the list never writes", () => {
    for (const key of ["0000-01-01T00:00:00.000000Z", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00.1234567Z"]) {
      const search = parseRequestSearch({ after: encodeRequestCursor({ key, id }) });
      expect({ key, after: search.after, ignored: search.ignored }).toEqual({
        key,
        after: undefined,
        ignored: [{ field: "after", label: "Page", message: "The page link is not valid, so the first page is shown." }],
      });
    }
    expect(parseRequestSearch({ before: encodeRequestCursor({ key: "2026-03-04T05:06:07.080910Z", id }) }).before).toEqual({ key: "2026-03-04T05:06:07.080910Z", id });
  });
});
