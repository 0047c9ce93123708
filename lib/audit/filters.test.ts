import { describe, expect, it } from "vitest";
import { auditSearchString, auditTimeRange, parseAuditSearch } from "./filters";

describe("audit search params", () => {
  it("accepts the page's filters and ignores empty fields", () => {
    const parsed = parseAuditSearch({ actor: " Eli ", action: "card.revealed", outcome: "denied", targetType: "card", targetId: "c-1", from: "2025-02-01", to: "2025-02-28", before: "120", after: "", extra: "x" });
    expect(parsed).toEqual({
      ok: true,
      filters: { actor: "Eli", action: "card.revealed", outcome: "denied", targetType: "card", targetId: "c-1", from: "2025-02-01", to: "2025-02-28" },
      cursor: { before: 120n, after: undefined },
    });
  });

  it("names each bad field with a message instead of failing", () => {
    const parsed = parseAuditSearch({ action: "card.deleted", outcome: "maybe", from: "2025-02-30", to: "yesterday", targetType: "Card;drop", before: "-1" });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual({
      action: "Choose an action from the list.",
      outcome: "Outcome must be success, denied or failure.",
      from: "From is not a real date.",
      to: "To must be a date in the form YYYY-MM-DD.",
      targetType: "Target type is a lower-case word such as card or request.",
      before: "The page link is not valid; start again from the first page.",
    });
  });

  it("refuses a range that ends before it starts, and both page directions at once", () => {
    expect(parseAuditSearch({ from: "2025-03-02", to: "2025-03-01" })).toEqual({ ok: false, errors: { to: "To must be on or after From." } });
    expect(parseAuditSearch({ before: "5", after: "9" })).toMatchObject({ ok: false, errors: { before: expect.any(String) } });
  });

  it("takes the first of repeated parameters and reads URLSearchParams the same way", () => {
    expect(parseAuditSearch({ action: ["card.frozen", "card.issued"] })).toMatchObject({ ok: true, filters: { action: "card.frozen" } });
    expect(parseAuditSearch(new URLSearchParams("actor=a%26b&to=2025-01-31"))).toMatchObject({ ok: true, filters: { actor: "a&b", to: "2025-01-31" } });
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

  it("refuses NUL bytes, lone surrogates and years the database cannot hold, instead of failing the page", () => {
    expect(parseAuditSearch({ actor: "a\u0000b", targetId: "x\uD800" })).toEqual({
      ok: false,
      errors: { actor: "Actor contains characters that are not allowed.", targetId: "Target id contains characters that are not allowed." },
    });
    expect(parseAuditSearch({ from: "0000-01-01", to: "9999-12-31" })).toEqual({
      ok: false,
      errors: { from: "From must be between 1970 and 2999.", to: "To must be between 1970 and 2999." },
    });
    expect(parseAuditSearch({ after: "99999999999999999999" })).toMatchObject({ ok: false, errors: { after: expect.any(String) } });
  });
});
