import { describe, expect, it } from "vitest";
import { parseAuditSearch } from "@/lib/audit/filters";
import { parseStatementSearch } from "@/lib/statements/filters";
import { exportHref } from "./export-href";

describe("exportHref", () => {
  it("carries the applied filters when the link was applied whole", () => {
    expect(exportHref("/audit/export", "?from=2026-12-01", { from: "2026-12-01", before: "abc" }, [])).toBe("/audit/export?from=2026-12-01");
  });

  it("never carries the page cursor", () => {
    expect(exportHref("/audit/export", "", { to: "2026-12-01", from: "2026-12-05", before: "c1", after: "c2" }, [{}])).toBe("/audit/export?to=2026-12-01&from=2026-12-05");
  });

  it("never carries a statement's cursor, which a bad one would otherwise make the export refuse", () => {
    const raw = { account: "7b0e4f5c-1d2a-4c3b-9e8f-0a1b2c3d4e5f", cursor: "garbage" };
    const { ignored } = parseStatementSearch(raw);
    expect(ignored.map((issue) => issue.field)).toEqual(["cursor"]);
    const href = exportHref("/funding/statements/export", "?account=7b0e4f5c-1d2a-4c3b-9e8f-0a1b2c3d4e5f", raw, ignored);
    expect(href).toBe("/funding/statements/export?account=7b0e4f5c-1d2a-4c3b-9e8f-0a1b2c3d4e5f");
    expect(parseStatementSearch(new URLSearchParams(href.split("?")[1])).ignored).toEqual([]);
  });

  it("carries the link's own filters when one could not be applied, so the export refuses it instead of exporting everything", () => {
    const raw = { from: "2026-12-05", to: "2026-12-01", action: "card.issued", exportRefused: "invalid" };
    const parsed = parseAuditSearch(raw);
    expect(parsed.ignored.map((issue) => issue.field)).toEqual(["to"]);
    expect(parsed.filters.from).toBeUndefined();
    expect(exportHref("/audit/export", "?action=card.issued", raw, parsed.ignored)).toBe("/audit/export?from=2026-12-05&to=2026-12-01&action=card.issued");
    // What the export itself makes of that link: the same refusal, named.
    expect(parseAuditSearch({ from: "2026-12-05", to: "2026-12-01", action: "card.issued" }).ignored).toHaveLength(1);
  });
});
