import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import type { VerificationStatus } from "@/lib/audit/verification-status";

vi.mock("@/lib/actions/audit/verify-audit-chain", () => ({ verifyAuditChainAction: async () => ({ ok: true, data: {} }) }));

const { active, VerifyChainButton } = await import("./verify-chain-button");
const { VerificationOutcome } = await import("./verification-outcome");

const BASE = { id: "7b0c6a52-2f55-4d7a-9a43-0d6c1f0e9b11", kind: "full", requestedAt: "2026-03-01T14:00:00.000Z", wholeChain: true } as const;

/** The status's words as the button shows them (they load beside the button: see there). */
function render(status: VerificationStatus): { markup: string; text: string } {
  const markup = renderToStaticMarkup(createElement(VerificationOutcome, { status, running: active(status) }));
  return { markup, text: markup.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ") };
}

describe("the chain verification status without counts", () => {
  it("shows a running check as an indeterminate progress bar with a name and no number", () => {
    const { markup, text } = render({ ...BASE, detail: "outcome", status: "running", finishedAt: null });
    const bar = markup.match(/<div[^>]*role="progressbar"[^>]*>/)?.[0] ?? "";
    expect(bar).toContain('aria-label="Chain verification"');
    expect(bar).toContain('aria-valuetext="Checking the chain"');
    expect(bar).not.toContain("aria-valuenow");
    expect(markup).not.toMatch(/width:\s*\d/);
    expect(text).toContain("Checking the chain…");
    expect(text).not.toMatch(/\d/);
  });

  it("says an intact chain is intact, with its time and no row count", () => {
    const { text } = render({ ...BASE, detail: "outcome", status: "intact", finishedAt: "2026-03-01T14:05:00.000Z" });
    expect(text).toContain("Chain intact: every row checked (2026-03-01 14:05 UTC).");
    expect(text).not.toMatch(/\d[\d,]* rows?\b/);
  });

  it("says a broken chain is broken, with its time, and not where", () => {
    const { text } = render({ ...BASE, detail: "outcome", status: "broken", finishedAt: "2026-03-01T14:05:00.000Z" });
    expect(text).toContain("Chain broken (2026-03-01 14:05 UTC).");
    expect(text).toContain("installation operators");
    expect(text).not.toContain("at row");
  });

  it("says a check could not finish, without its reason", () => {
    const { text } = render({ ...BASE, detail: "outcome", status: "failed", finishedAt: "2026-03-01T14:05:00.000Z" });
    expect(text).toContain("The last check could not finish (2026-03-01 14:05 UTC).");
  });
});

describe("the chain verification status with counts (one organisation, or an installation operator)", () => {
  const counts = { ...BASE, detail: "counts", fromId: null, firstBadId: null, reason: null } as const;

  it("shows a running check's progress in rows and percent", () => {
    const { markup, text } = render({ ...counts, status: "running", finishedAt: null, checkedRows: 250, totalRows: 1000, rowCount: null });
    expect(markup).toContain('aria-valuenow="25"');
    expect(text).toContain("250 of 1,000 rows checked");
  });

  it("names the row a broken chain breaks at, and why", () => {
    const { text } = render({ ...counts, status: "broken", finishedAt: "2026-03-01T14:05:00.000Z", checkedRows: 4, totalRows: 9, rowCount: null, firstBadId: "12", reason: "does not link to the row before it" });
    expect(text).toContain("Chain broken at row 12: does not link to the row before it.");
  });
});

describe("the button itself", () => {
  it("offers both checks, named, and says Verifying… while one runs", () => {
    const idle = renderToStaticMarkup(createElement(VerifyChainButton, { initial: null }));
    expect(idle).toContain("Verify chain");
    expect(idle).toContain("Full check");
    const running = renderToStaticMarkup(createElement(VerifyChainButton, { initial: { ...BASE, detail: "outcome", status: "running", finishedAt: null } }));
    expect(running).toContain("Verifying…");
    expect(running).toContain('aria-busy="true"');
  });
});
