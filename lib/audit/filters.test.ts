import { describe, expect, it } from "vitest";
import { GIVEN_TWICE } from "@/lib/lists/search-params";
import { auditFilterValues, auditSearchString, auditTimeRange, parseAuditSearch } from "./filters";

describe("audit search params", () => {
  it("accepts the page's filters and ignores empty fields", () => {
    const parsed = parseAuditSearch({ actor: " Eli ", action: "card.revealed", outcome: "denied", targetType: "card", targetId: "c-1", from: "2025-02-01", to: "2025-02-28", before: "120", after: "", extra: "x" });
    expect(parsed).toEqual({
      filters: { actor: "Eli", action: "card.revealed", outcome: "denied", targetType: "card", targetId: "c-1", from: "2025-02-01", to: "2025-02-28" },
      cursor: { before: 120n, after: undefined },
      ignored: [],
    });
  });

  it("drops each bad value with a notice in the page's words and keeps the rest", () => {
    const parsed = parseAuditSearch({ actor: "eli@demo.test", action: "card.deleted", outcome: "maybe", from: "2025-02-30", to: "yesterday", targetType: "Card;drop", before: "-1" });
    expect(parsed.filters).toEqual({ actor: "eli@demo.test" });
    expect(parsed.cursor).toEqual({ before: undefined, after: undefined });
    expect(parsed.ignored).toEqual([
      { field: "action", label: "Event", message: "Unknown event; showing every event." },
      { field: "outcome", label: "Outcome", message: "Unknown outcome; showing every outcome." },
      { field: "targetType", label: "Target type", message: "Unknown target type; showing every target." },
      { field: "from", label: "From", message: "From is not a real date; it was ignored." },
      { field: "to", label: "To", message: "To must be a date like 2026-01-31; it was ignored." },
      { field: "before", label: "Page", message: "The page link is not valid, so the first page is shown." },
    ]);
    // No internal words: the stored outcome values are not listed to the reader.
    expect(parsed.ignored.map((issue) => issue.message).join(" ")).not.toMatch(/success, denied or failure/);
  });

  it("keeps the good filters of the reviewer's link: a bad day and a bad outcome are dropped, the list still shows", () => {
    expect(parseAuditSearch({ from: "2026-13-45", outcome: "meh", action: "card.frozen" })).toEqual({
      filters: { action: "card.frozen" },
      cursor: { before: undefined, after: undefined },
      ignored: [
        { field: "outcome", label: "Outcome", message: "Unknown outcome; showing every outcome." },
        { field: "from", label: "From", message: "From is not a real date; it was ignored." },
      ],
    });
  });

  it("drops a range that ends before it starts, and both page directions at once", () => {
    expect(parseAuditSearch({ from: "2025-03-02", to: "2025-03-01", outcome: "denied" })).toEqual({
      filters: { outcome: "denied" },
      cursor: { before: undefined, after: undefined },
      ignored: [{ field: "to", label: "To", message: "earlier than From; the date range was ignored." }],
    });
    expect(parseAuditSearch({ before: "5", after: "9" })).toMatchObject({ cursor: { before: undefined, after: undefined }, ignored: [{ field: "before", label: "Page" }] });
  });

  it("takes the first of repeated parameters, saying the others are unused, and reads URLSearchParams the same way", () => {
    expect(parseAuditSearch({ action: ["card.frozen", "card.issued"] })).toMatchObject({ filters: { action: "card.frozen" }, ignored: [{ field: "action", message: GIVEN_TWICE }] });
    expect(parseAuditSearch(new URLSearchParams("actor=a%26b&to=2025-01-31"))).toMatchObject({ filters: { actor: "a&b", to: "2025-01-31" }, ignored: [] });
  });

  it("gives the filter bar only the filters in force", () => {
    expect(auditFilterValues(parseAuditSearch({ outcome: "meh", actor: "eli" }).filters)).toEqual({ actor: "eli" });
  });

  it("turns UTC days into an inclusive-exclusive instant range", () => {
    expect(auditTimeRange({ from: "2025-01-31", to: "2025-01-31" })).toEqual({
      from: new Date("2025-01-31T00:00:00.000Z"),
      toExclusive: new Date("2025-02-01T00:00:00.000Z"),
    });
  });

  it("writes filters back into a query string for links", () => {
    expect(auditSearchString({ actor: "a b", action: "card.frozen", targetId: undefined }, { before: "42" })).toBe("?actor=a+b&action=card.frozen&before=42");
    expect(auditSearchString({})).toBe("");
  });

  it("drops NUL bytes, lone surrogates and years the database cannot hold, instead of failing the page", () => {
    expect(parseAuditSearch({ actor: "a\u0000b", targetId: "x\uD800" })).toEqual({
      filters: {},
      cursor: { before: undefined, after: undefined },
      ignored: [
        { field: "actor", label: "Actor", message: "Actor contains characters that are not allowed, so it was ignored." },
        { field: "targetId", label: "Target id", message: "Target id contains characters that are not allowed, so it was ignored." },
      ],
    });
    expect(parseAuditSearch({ from: "0000-01-01", to: "9999-12-31" })).toMatchObject({
      filters: {},
      ignored: [
        { field: "from", message: "From must be between 1970 and 2999; it was ignored." },
        { field: "to", message: "To must be between 1970 and 2999; it was ignored." },
      ],
    });
    expect(parseAuditSearch({ after: "99999999999999999999" })).toMatchObject({ cursor: { after: undefined }, ignored: [{ field: "after", label: "Page" }] });
  });
});
