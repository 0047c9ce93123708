import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { auditLabelsWithoutLookups, type AuditLabels } from "@/db/queries/audit-labels";
import { actionFilterGroups } from "@/lib/audit/event-catalog";
import type { DescribableEvent } from "./describe-event";
import { ActorName, EventSentence } from "./event-sentence";

const CARD = "0b8f3d4e-1111-4222-8333-444455556666";
const PRODUCT = "5b609f02-db76-4231-a1b5-78818aeae55b";

/** A row as the card sync writes it (lib/cards/product-linked.ts): no user, the job by name. */
function linked(summary: Record<string, unknown>, actorEmail: string | null = "job:cards.sync"): DescribableEvent {
  return { action: "card.product_linked", outcome: "success", actorUserId: null, actorEmail, targetType: "card", targetId: CARD, summary };
}

function labelsFor(event: DescribableEvent, cards: AuditLabels["cards"] = new Map([[CARD, { alias: "Omar fuel" }]])): AuditLabels {
  return { ...auditLabelsWithoutLookups([event]), cards };
}

const text = (html: string) => html.replace(/<[^>]+>/g, "");
const sentence = (event: DescribableEvent, labels = labelsFor(event)) => renderToStaticMarkup(createElement(EventSentence, { event, labels }));

describe("a product a sync linked to a card", () => {
  it("names the product, the provider that named it, and what it changes for the card's money", () => {
    const event = linked({ alias: "Omar fuel", providerAccount: "Cardepass", providerCardId: "66a0c0de0000000000000001", productId: PRODUCT, providerProductId: "DGG0C4JD", productName: "通用卡" });
    const html = sentence(event);
    expect(text(html)).toBe("Card sync (job) linked Omar fuel to the product “通用卡” (DGG0C4JD), which Cardepass names for it; its fees now apply to the card’s top-ups and withdrawals.");
    expect(html).toContain(`href="/cards/${CARD}"`);
    expect(html).not.toContain(PRODUCT);
  });

  it("reads with what the row has: a card that is gone by its recorded alias, a product without a name by its id", () => {
    const event = linked({ alias: "Old vendor", providerProductId: "cpi_6530de6a2f1c7" }, null);
    expect(text(sentence(event, labelsFor(event, new Map())))).toBe(
      "Cardhub linked card “Old vendor” to the product cpi_6530de6a2f1c7, which its provider names for it; its fees now apply to the card’s top-ups and withdrawals.",
    );
  });

  it("names the sync job as the actor, and is offered in the audit page's action filter", () => {
    const event = linked({ providerAccount: "Card OPEN-API", providerProductId: "cpi_6530de6a2f1c7", productName: "VISA 448533" });
    expect(text(renderToStaticMarkup(createElement(ActorName, { event, labels: labelsFor(event) })))).toBe("Card sync (job)");
    const cards = actionFilterGroups().find((group) => group.label === "Cards");
    expect(cards?.options).toContainEqual({ value: "card.product_linked", label: "Card linked to the product its provider names" });
  });
});
