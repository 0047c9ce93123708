import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { auditLabelsWithoutLookups, type AuditLabels } from "@/db/queries/audit-labels";
import { actionFilterGroups } from "@/lib/audit/event-catalog";
import type { DescribableEvent } from "./describe-event";
import { ActorName, EventSentence } from "./event-sentence";

const CARD = "0b8f3d4e-1111-4222-8333-444455556666";

/** A row as the card sync writes it (lib/cards/changed-at-provider.ts): no user, the job by name. */
function changed(summary: Record<string, unknown>): DescribableEvent {
  return { action: "card.changed_at_provider", outcome: "success", actorUserId: null, actorEmail: "job:cards.sync", targetType: "card", targetId: CARD, summary };
}

function labelsFor(event: DescribableEvent, cards: AuditLabels["cards"] = new Map([[CARD, { alias: "Omar fuel" }]])): AuditLabels {
  return { ...auditLabelsWithoutLookups([event]), cards };
}

const text = (html: string) => html.replace(/<[^>]+>/g, "");
const sentence = (event: DescribableEvent, labels = labelsFor(event)) => renderToStaticMarkup(createElement(EventSentence, { event, labels }));

describe("a card's status or limits changed at its provider", () => {
  it("says what the provider reported and what Cardhub held, money in its currency, never minor units", () => {
    const event = changed({
      providerAccount: "Card OPEN-API",
      providerStatus: "3",
      currency: "USD",
      before: { status: "active", perTransaction: "50000" },
      after: { status: "frozen", perTransaction: "900000" },
    });
    const html = sentence(event);
    expect(text(html)).toBe("Card OPEN-API reported Omar fuel frozen (was active); per-transaction limit $9,000.00 (was $500.00). Changed at the provider, not through Cardhub.");
    expect(html).toContain(`href="/cards/${CARD}"`);
    expect(html).not.toMatch(/50000|900000/);
  });

  it("says a change of limits alone, a limit removed and a limit set where there was none", () => {
    const raised = changed({ providerAccount: "Cardepass", currency: "USD", before: { perTransaction: "50000", lifetime: "500000" }, after: { perTransaction: "900000", lifetime: "10000000" } });
    expect(text(sentence(raised))).toBe("Cardepass reported Omar fuel with per-transaction limit $9,000.00 (was $500.00); lifetime limit $100,000.00 (was $5,000.00). Changed at the provider, not through Cardhub.");
    const loosened = changed({ providerAccount: "Cardepass", currency: "EUR", before: { perTransaction: null, lifetime: "500000" }, after: { perTransaction: "2500", lifetime: null } });
    expect(text(sentence(loosened))).toBe("Cardepass reported Omar fuel with per-transaction limit €25.00 (was none); no lifetime limit (was €5,000.00). Changed at the provider, not through Cardhub.");
  });

  it("gives the provider's own word for a status Cardhub does not know, and names a card that is gone by its recorded alias", () => {
    const event = changed({ alias: "Old vendor", providerAccount: "NobePay", providerStatus: "LOST", currency: "USD", before: { status: "active" }, after: { status: "unknown" } });
    expect(text(sentence(event, labelsFor(event, new Map())))).toBe(
      "NobePay reported card “Old vendor” in a status Cardhub does not know (“LOST”) (was active). Changed at the provider, not through Cardhub.",
    );
  });

  it("says when a card it reported closed closed, as the card page does (the row's own time is when the sync saw it)", () => {
    const event = changed({ providerAccount: "Card OPEN-API", providerStatus: "5", currency: "USD", before: { status: "active" }, after: { status: "cancelled" }, closedAt: "2026-12-01T18:32:31.000Z" });
    expect(text(sentence(event))).toBe("Card OPEN-API reported Omar fuel cancelled on 2026-12-01 18:32 UTC (was active). Changed at the provider, not through Cardhub.");
    const unreadable = changed({ providerAccount: "Card OPEN-API", currency: "USD", before: { status: "active" }, after: { status: "cancelled" }, closedAt: "soon" });
    expect(text(sentence(unreadable))).toBe("Card OPEN-API reported Omar fuel cancelled (was active). Changed at the provider, not through Cardhub.");
  });

  it("names the sync job as the actor, and is offered in the audit page's action filter", () => {
    const event = changed({ providerAccount: "NobePay", currency: "USD", before: { status: "frozen" }, after: { status: "active" } });
    expect(text(renderToStaticMarkup(createElement(ActorName, { event, labels: labelsFor(event) })))).toBe("Card sync (job)");
    const cards = actionFilterGroups().find((group) => group.label === "Cards");
    expect(cards?.options).toContainEqual({ value: "card.changed_at_provider", label: "Card status or limits changed at its provider" });
  });
});
