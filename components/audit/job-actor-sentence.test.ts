import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { auditLabelsWithoutLookups, type AuditLabels } from "@/db/queries/audit-labels";
import type { DescribableEvent } from "./describe-event";
import { ActorName, EventSentence } from "./event-sentence";

const CARD = "0b8f3d4e-1111-4222-8333-444455556666";
const EMPLOYEE = "1a2b3c4d-aaaa-4bbb-8ccc-000011112222";
const TOP_UP_REQUEST = "2c3d4e5f-6a7b-4c8d-9e0f-a1b2c3d4e5f6";

function labelsFor(event: DescribableEvent): AuditLabels {
  return {
    ...auditLabelsWithoutLookups([event]),
    cards: new Map([[CARD, { alias: "Omar fuel" }]]),
    users: new Map([[EMPLOYEE, { name: "Eli Employee", email: "employee@demo.test" }]]),
    requests: new Map([[TOP_UP_REQUEST, { kind: "top_up", beneficiaryUserId: EMPLOYEE, beneficiaryName: "Eli Employee", currency: "EUR", cardId: CARD, requestedAlias: null }]]),
  };
}

/** A row a job wrote without a person: no user, the job by name (or null, as every such row was before). */
function byJob(actorEmail: string | null, action = "request.executed", extra: Partial<DescribableEvent> = {}): DescribableEvent {
  const summary = { kind: "top_up", amount: "5000", currency: "EUR", attempt: 1 };
  return { action, outcome: "success", actorUserId: null, actorEmail, targetType: "request", targetId: TOP_UP_REQUEST, summary, ...extra };
}

const text = (html: string) => html.replace(/<[^>]+>/g, "");
const actor = (event: DescribableEvent) => renderToStaticMarkup(createElement(ActorName, { event, labels: labelsFor(event) }));
const sentence = (event: DescribableEvent) => text(renderToStaticMarkup(createElement(EventSentence, { event, labels: labelsFor(event) })));

describe("a job as the actor of an audit row", () => {
  it("is named in words, as a job, linking to everything it did", () => {
    const html = actor(byJob("job:cards.sync", "card.imported", { targetType: "card", targetId: CARD, summary: { providerAccount: "Card OPEN-API" } }));
    expect(text(html)).toBe("Card sync (job)");
    expect(html).toContain(`href="/audit?actor=job%3Acards.sync"`);
    expect(html).toContain(`title="job:cards.sync"`);
    expect(text(actor(byJob("job:audit.verify-chain", "audit.verified")))).toBe("Audit chain verification (job)");
  });

  it("says in a sentence which job acted", () => {
    expect(sentence(byJob("job:requests.execute"))).toBe("Request execution (job) carried out Eli Employee’s request to top up Omar fuel (€50.00).");
    expect(sentence(byJob("job:cards.sync", "request.cancelled", { summary: { kind: "top_up", reason: "card_closed" } }))).toMatch(/^Card sync \(job\) withdrew Eli Employee’s request to top up Omar fuel/);
  });

  it("names a job it has no words for by its recorded name, never as Cardhub", () => {
    const html = actor(byJob("job:reports.nightly"));
    expect(text(html)).toBe("job:reports.nightly");
    expect(html).toContain(`href="/audit?actor=job%3Areports.nightly"`);
    expect(sentence(byJob("job:reports.nightly"))).toBe("job:reports.nightly carried out Eli Employee’s request to top up Omar fuel (€50.00).");
  });

  it("still shows a row written before jobs were named (no actor) as Cardhub's", () => {
    expect(text(actor(byJob(null)))).toBe("Cardhub");
    expect(sentence(byJob(null))).toBe("Cardhub carried out Eli Employee’s request to top up Omar fuel (€50.00).");
  });

  it("never takes an address typed into the sign-in form for a job: the attempt is shown as typed", () => {
    const attempt = byJob("job:cards.sync", "auth.sign_in_failed", { outcome: "failure", targetType: null, targetId: null, summary: { reason: "unknown_email" } });
    expect(text(actor(attempt))).toBe("job:cards.sync");
  });
});
