import { describe, expect, it } from "vitest";
import { z } from "zod";
import { cursorParam, encodeCursor, firstParam, GIVEN_TWICE, INVALID_PAGE, parseEachParam } from "./search-params";

const uuid = "6f1c2a9e-5b7d-4c1e-9a3f-2b8d4e6f1a2c";
const cursor = cursorParam(z.object({ key: z.string(), id: z.uuid() }).strict());
const SCHEMAS = { status: z.enum(["open", "closed"], { message: "Unknown status." }), q: z.string().trim().max(5, "Too long."), after: cursor, before: cursor };
const LABELS = { status: "Status", q: "Search", after: "Page", before: "Page" };

describe("list query parameters", () => {
  it("takes the first non-blank value, from page params and from a URL alike", () => {
    expect(firstParam({ q: ["a", "b"] }, "q")).toBe("a");
    expect(firstParam({ q: "  " }, "q")).toBeUndefined();
    expect(firstParam(new URLSearchParams("q=x&q=y"), "q")).toBe("x");
  });

  it("drops a bad parameter with its own message and keeps the others", () => {
    const { values, ignored } = parseEachParam({ status: "weird", q: " ab " }, SCHEMAS, LABELS);
    expect(values).toEqual({ q: "ab" });
    expect(ignored).toEqual([{ field: "status", label: "Status", message: "Unknown status." }]);
  });

  it("keeps the first of a parameter given different values, and says so, from page params and from a URL alike", () => {
    for (const raw of [{ status: ["closed", "open"] }, new URLSearchParams("status=closed&status=open")]) {
      const { values, ignored } = parseEachParam(raw, SCHEMAS, LABELS);
      expect(values).toEqual({ status: "closed" });
      expect(ignored).toEqual([{ field: "status", label: "Status", message: GIVEN_TWICE }]);
    }
    expect(parseEachParam({ status: ["open", "open", ""] }, SCHEMAS, LABELS).ignored).toEqual([]);
  });

  it("refuses control characters and broken Unicode before any schema sees them", () => {
    const { values, ignored } = parseEachParam({ q: "a\u0000b", status: "open" }, SCHEMAS, LABELS);
    expect(values).toEqual({ status: "open" });
    expect(ignored[0]).toMatchObject({ field: "q", message: "Search contains characters that are not allowed, so it was ignored." });
  });

  it("round-trips a page cursor and refuses a forged or mixed one", () => {
    const after = encodeCursor({ key: "k", id: uuid });
    expect(parseEachParam({ after }, SCHEMAS, LABELS).values).toEqual({ after: { key: "k", id: uuid } });
    const forged = encodeCursor({ key: "k", id: uuid, extra: 1 });
    expect(parseEachParam({ after: forged }, SCHEMAS, LABELS).ignored).toEqual([{ field: "after", label: "Page", message: INVALID_PAGE }]);
    expect(parseEachParam({ after: "%%%" }, SCHEMAS, LABELS).ignored[0]?.message).toBe(INVALID_PAGE);
    const both = parseEachParam({ after, before: after }, SCHEMAS, LABELS);
    expect(both.values).toEqual({});
    expect(both.ignored).toEqual([{ field: "before", label: "Page", message: INVALID_PAGE }]);
  });
});
