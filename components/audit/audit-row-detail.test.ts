import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { AuditEventDetail } from "@/db/queries/audit";
import { auditLabelsWithoutLookups } from "@/db/queries/audit-labels";
import { AuditRowDetail } from "./audit-row-detail";

const CARD = "0b8f3d4e-1111-4222-8333-444455556666";
const ORDER = "5e48aa00-1234-4abc-8def-0123456789ab";

function row(action: string, summary: Record<string, unknown>): AuditEventDetail {
  return {
    id: "42",
    occurredAt: new Date("2026-03-01T14:05:09Z"),
    actorUserId: null,
    actorEmail: "finance@demo.test",
    actorRoles: ["finance"],
    action,
    outcome: "success",
    targetType: "card",
    targetId: CARD,
    teamId: null,
    ip: null,
    userAgent: null,
    summary,
    organizationId: null,
    prevHash: "0".repeat(64),
    hash: "1".repeat(64),
  };
}

/** The "Recorded details" list as term → value text. */
function recordedDetails(event: AuditEventDetail): Map<string, string> {
  const markup = renderToStaticMarkup(createElement(AuditRowDetail, { event, labels: auditLabelsWithoutLookups([event]) }));
  const list = markup.slice(markup.indexOf('id="audit-summary-heading"'));
  const items = [...list.matchAll(/<dt[^>]*>(.*?)<\/dt><dd[^>]*>(.*?)<\/dd>/g)];
  return new Map(items.map(([, term, value]) => [term!, value!.replace(/<[^>]+>/g, "").replace(/&quot;/g, '"').replace(/&#x27;/g, "'")]));
}

describe("an audit row's recorded details", () => {
  it("shows a request's threshold, policy amount, earlier requests and lowered terms as money, not minor units", () => {
    const filed = recordedDetails(
      row("request.created", { kind: "top_up", steps: ["team_manager", "finance"], amount: "20000", currency: "USD", threshold: "100000", policyAmount: "39500", policyBasis: { days: 30, earlier: [{ kind: "top_up", count: 1, amount: "7500" }, { kind: "new_card", count: 1, amount: "12000" }] } }),
    );
    expect(filed.get("Threshold")).toBe("$1,000.00");
    expect(filed.get("Policy amount")).toBe("$395.00");
    expect(filed.get("Policy basis")).toBe("Last 30 days: 1 top-up ($75.00), 1 new card ($120.00)");
    // Its kind and route as the request page words them, not as codes.
    expect(filed.get("Kind")).toBe("Top-up");
    expect(filed.get("Steps")).toBe("the team's manager, then finance");
    expect(recordedDetails(row("request.created", { kind: "top_up", amount: "20000", currency: "USD", policyBasis: { days: 30, earlier: [] } })).get("Policy basis")).toBe("Last 30 days: none");
    const approved = recordedDetails(row("request.approved", { kind: "top_up", step: 1, of: 1, role: "team_manager", changes: { amount: { from: "80000", to: "50000" } }, amount: "50000", currency: "USD" }));
    expect(approved.get("Changes")).toBe("Amount $800.00 → $500.00");
    expect(approved.get("Amount")).toBe("$500.00");
    expect(approved.get("Role")).toBe("the team's manager");
    expect(recordedDetails(row("request.approved", { kind: "top_up", changes: {}, amount: "7500", currency: "USD" })).get("Changes")).toBe("None");
    // A change of something that is not a request's money stays as recorded, even beside a currency.
    expect(recordedDetails(row("settings.changed", { currency: "USD", changes: { idleMinutes: { from: 30, to: 60 } } })).get("Changes")).toBe('{"idleMinutes":{"from":30,"to":60}}');
  });

  it("shows a fee in the currency it was charged in, beside an amount in the card's (a USD fee on a JPY top-up)", () => {
    const details = recordedDetails(row("card.topped_up", { orderId: ORDER, type: "topup", amount: "2000", currency: "JPY", fee: "100", feeCurrency: "USD" }));
    expect(details.get("Amount")).toBe("¥2,000");
    expect(details.get("Fee")).toBe("$1.00");
  });

  it("shows a limit change's limits before and after as money in the card's currency, not minor units", () => {
    const details = recordedDetails(
      row("card.limits_changed", { orderId: ORDER, type: "limits", amount: null, currency: "USD", fee: null, before: { perTransaction: "5000", lifetime: "50000" }, after: { perTransaction: "8000", lifetime: null } }),
    );
    expect(details.get("Before")).toBe("$50.00 per purchase and $500.00 in all");
    expect(details.get("After")).toBe("$80.00 per purchase and no lifetime limit");
  });

  it("shows the limits a limit order asks for, and those it replaces, as money", () => {
    const details = recordedDetails(
      row("order.created", { orderId: ORDER, type: "limits", perTransaction: "2500", lifetime: null, before: { perTransaction: "2000", lifetime: "100000" }, cardStatus: "active", balance: null, currency: "EUR" }),
    );
    expect(details.get("Per transaction")).toBe("€25.00");
    expect(details.get("Lifetime")).toBe("No lifetime limit");
    expect(details.get("Before")).toBe("€20.00 per purchase and €1,000.00 in all");
  });

  it("lists Before right ahead of After, though PostgreSQL's jsonb stores the shorter key first", () => {
    // As jsonb returns the keys: by length, then bytewise.
    const details = recordedDetails(row("card.limits_changed", { fee: null, type: "limits", after: { perTransaction: "8000", lifetime: null }, amount: null, before: { perTransaction: "5000", lifetime: "50000" }, currency: "USD" }));
    expect([...details.keys()]).toEqual(["Fee", "Type", "Before", "After", "Amount", "Currency"]);
  });

  it("keeps the recorded value of a before/after that is not a limit change", () => {
    const details = recordedDetails(row("card.updated", { before: { alias: "Ads", tags: [] }, after: { alias: "Ads 2", tags: ["x"] } }));
    expect(details.get("Before")).toBe('{"alias":"Ads","tags":[]}');
    expect(details.get("After")).toBe('{"alias":"Ads 2","tags":["x"]}');
  });

  it("keeps the JSON as recorded, in minor units, under its own heading", () => {
    const event = row("card.limits_changed", { orderId: ORDER, type: "limits", currency: "USD", before: { perTransaction: "5000", lifetime: "50000" }, after: { perTransaction: "8000", lifetime: null } });
    const markup = renderToStaticMarkup(createElement(AuditRowDetail, { event, labels: auditLabelsWithoutLookups([event]) }));
    expect(markup).toContain("As recorded (JSON, minor units)");
    expect(markup).toContain("&quot;perTransaction&quot;: &quot;5000&quot;");
  });
});
