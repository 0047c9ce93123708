import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { auditLabelsWithoutLookups, type AuditLabels } from "@/db/queries/audit-labels";
import { EventSentence, summaryMoney, TargetName, type DescribableEvent } from "./describe-event";
import { actionFilterGroups, AUDIT_EVENTS } from "@/lib/audit/event-catalog";

const CARD = "0b8f3d4e-1111-4222-8333-444455556666";
const FINANCE = "7c1d2e3f-aaaa-4bbb-8ccc-ddddeeeeffff";
const EMPLOYEE = "1a2b3c4d-aaaa-4bbb-8ccc-000011112222";
const ORDER = "5e48aa00-1234-4abc-8def-0123456789ab";

/** The names resolveAuditLabels would look up for these rows. */
const names: Pick<AuditLabels, "cards" | "users" | "orderCards"> = {
  cards: new Map([[CARD, { alias: "Omar fuel" }]]),
  users: new Map([
    [FINANCE, { name: "Fran Finance", email: "finance@demo.test" }],
    [EMPLOYEE, { name: "Eli Employee", email: "employee@demo.test" }],
  ]),
  orderCards: new Map([[ORDER, CARD]]),
};

/** What resolveAuditLabels returns for one row: the looked-up names plus the labels that need no lookup. */
function labelsFor(value: DescribableEvent): AuditLabels {
  return { ...auditLabelsWithoutLookups([value]), ...names };
}

function event(action: string, summary: Record<string, unknown>, extra: Partial<DescribableEvent> = {}): DescribableEvent {
  return { action, outcome: "success", actorUserId: FINANCE, actorEmail: "finance@demo.test", targetType: "card", targetId: CARD, summary, ...extra };
}

function sentence(value: DescribableEvent, withLabels: AuditLabels = labelsFor(value)): string {
  return renderToStaticMarkup(createElement(EventSentence, { event: value, labels: withLabels }));
}

const text = (html: string) => html.replace(/<[^>]+>/g, "");

describe("audit events as sentences", () => {
  it("writes an issue with its money formatted, never minor units or machine keys", () => {
    const html = sentence(event("card.issued", { orderId: ORDER, type: "issue", amount: "2000", currency: "USD", fee: "130" }));
    expect(text(html)).toBe("Fran Finance issued Omar fuel with $20.00, fee $1.30.");
    expect(html).not.toMatch(/2000|orderId|type:/);
  });

  it("links the card it names to the card page and the person to their activity", () => {
    const html = sentence(event("card.frozen", {}));
    expect(html).toContain(`href="/cards/${CARD}"`);
    expect(html).toContain('href="/audit?actor=finance%40demo.test"');
    expect(text(html)).toBe("Fran Finance froze Omar fuel.");
  });

  it("names the card of an order event through the order", () => {
    const completed = event("order.completed", { orderId: ORDER, type: "topup", amount: 2500, currency: "EUR" }, { targetType: "order", targetId: ORDER });
    expect(text(sentence(completed))).toBe("The provider finished the request to top up Omar fuel (€25.00).");
  });

  it("says what a failed top-up means for the money", () => {
    const failed = event("order.failed", { orderId: ORDER, type: "topup", amount: "500", currency: "USD", failureMessage: "Insufficient balance" });
    expect(text(sentence(failed))).toBe("The provider refused the request to top up Omar fuel: “Insufficient balance”; no money was taken.");
  });

  it("writes renames, reassignments and refusals in words", () => {
    expect(text(sentence(event("card.updated", { before: { alias: "Fuel", tags: [] }, after: { alias: "Omar fuel", tags: ["travel"] } })))).toBe(
      "Fran Finance edited Omar fuel: renamed it from “Fuel” to “Omar fuel” and set its tags to travel.",
    );
    expect(text(sentence(event("card.reassigned", { after: { ownerUserId: EMPLOYEE, owner: "employee@demo.test" } })))).toBe("Fran Finance reassigned Omar fuel to Eli Employee.");
    expect(text(sentence(event("card.reveal_denied", { reason: "step_up_required" }, { outcome: "denied" })))).toBe(
      "Fran Finance was refused the number of Omar fuel (the password had not been confirmed recently).",
    );
  });

  it("names a refused permission in words", () => {
    expect(text(sentence(event("permission.denied", { permission: "audit.export", reason: "role_not_allowed" }, { outcome: "denied", targetType: null, targetId: null })))).toBe(
      "Fran Finance was refused exporting the audit log (their role does not allow it).",
    );
  });

  it("keeps what it knows when a card is not resolvable, and never prints a bare id", () => {
    const html = sentence(event("order.created", { type: "issue", alias: "Gone card", amount: 1000, currency: "USD" }, { targetId: "00000000-0000-4000-8000-000000000000" }));
    expect(text(html)).toBe("Fran Finance asked the provider to issue card “Gone card” with $10.00.");
  });

  it("shows the target as the card's alias with a link", () => {
    const html = renderToStaticMarkup(createElement(TargetName, { event: event("card.frozen", {}), labels: labelsFor(event("card.frozen", {})) }));
    expect(html).toMatch(new RegExp(`^<a class="[^"]+" href="/cards/${CARD}">Omar fuel</a>$`));
  });

  it("names an event without a sentence of its own by its readable name, never its machine key", () => {
    expect(text(sentence(event("card.activated", {})))).toBe("Fran Finance: Card activated.");
  });

  it("formats minor units by the currency's own exponent", () => {
    expect(summaryMoney("1234", "JPY")).toBe("¥1,234");
    expect(summaryMoney(5, "usd")).toBe("$0.05");
    expect(summaryMoney("12.5", "USD")).toBeNull();
    expect(summaryMoney("100", undefined)).toBeNull();
  });
});

describe("the action filter", () => {
  it("offers grouped readable names and only events Cardhub records", () => {
    const groups = actionFilterGroups();
    const offered = groups.flatMap((group) => group.options.map((option) => option.value));
    expect(groups.map((group) => group.label)).toContain("Cards");
    expect(groups.find((group) => group.label === "Cards")?.options).toContainEqual({ value: "card.frozen", label: "Card frozen" });
    expect(offered).toContain("request.approved");
    expect(Object.keys(AUDIT_EVENTS).filter((action) => !offered.includes(action))).toEqual(
      Object.entries(AUDIT_EVENTS).filter(([, info]) => !info.recorded).map(([action]) => action),
    );
    expect(offered.every((action) => AUDIT_EVENTS[action as keyof typeof AUDIT_EVENTS].recorded)).toBe(true);
  });
});

describe("provider words in Chinese", () => {
  it("a failed order's sentence quotes the provider and explains its Chinese in English after the quote", () => {
    const failed = event("order.failed", { orderId: ORDER, type: "topup", amount: "500", currency: "USD", failureMessage: "There is not enough money. (provider says: 余额不足)" });
    // The explanation is worked out on the server, with the labels; the sentence only shows it.
    expect(text(sentence(failed, { ...labelsFor(failed), providerTexts: new Map() }))).not.toContain("In English");
    expect(text(sentence(failed))).toBe(
      "The provider refused the request to top up Omar fuel: “There is not enough money. (provider says: 余额不足)” (In English: Not enough balance.); no money was taken.",
    );
  });
});
