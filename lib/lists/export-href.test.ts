import { describe, expect, it } from "vitest";
import { parseAuditSearch } from "@/lib/audit/filters";
import { exportHref } from "./export-href";

describe("exportHref", () => {
  it("carries the applied filters when the link was applied whole", () => {
    expect(exportHref("/audit/export", "?from=2026-12-01", { from: "2026-12-01", before: "abc" }, [])).toBe("/audit/export?from=2026-12-01");
  });

  it("never carries the page cursor", () => {
    expect(exportHref("/audit/export", "", { to: "2026-12-01", from: "2026-12-05", before: "c1", after: "c2" }, [{}])).toBe("/audit/export?to=2026-12-01&from=2026-12-05");
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
