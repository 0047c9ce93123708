import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { auditLabelsWithoutLookups } from "@/db/queries/audit-labels";
import { actionFilterGroups, AUDIT_EVENTS } from "@/lib/audit/event-catalog";
import type { DescribableEvent } from "./describe-event";
import { EventSentence } from "./event-sentence";

const ACCOUNT = "5e48aa00-1234-4abc-8def-0123456789ab";
const ADMIN = "7c1d2e3f-aaaa-4bbb-8ccc-ddddeeeeffff";

function event(action: string, summary: Record<string, unknown>, extra: Partial<DescribableEvent> = {}): DescribableEvent {
  return { action, outcome: "success", actorUserId: ADMIN, actorEmail: "admin@demo.test", targetType: "provider_account", targetId: ACCOUNT, summary, ...extra };
}

function sentence(value: DescribableEvent): string {
  const labels = { ...auditLabelsWithoutLookups([value]), users: new Map([[ADMIN, { name: "Ada Admin", email: "admin@demo.test" }]]) };
  return renderToStaticMarkup(createElement(EventSentence, { event: value, labels })).replace(/<[^>]+>/g, "");
}

describe("dismissals of provider transactions Cardhub could not read, on the audit page", () => {
  it("are an event of their own, offered in the event filter with a readable name", () => {
    expect(AUDIT_EVENTS["transaction.unread_dismissed"]).toEqual({ group: "Providers and products", label: "Unread provider transaction dismissed", recorded: true });
    expect(actionFilterGroups().find((group) => group.label === "Providers and products")?.options).toContainEqual({
      value: "transaction.unread_dismissed",
      label: "Unread provider transaction dismissed",
    });
  });

  it("read as a sentence naming who, what and why, for one entry and for all", () => {
    const one = event("transaction.unread_dismissed", { providerAccount: "Card OPEN-API", count: 1, providerTransactionId: "T-9", reason: "Amount finer than USD allows.", dismissalReason: "Provider will not fix it" });
    expect(sentence(one)).toBe(
      "Ada Admin dismissed transaction T-9 of the provider account “Card OPEN-API”, which Cardhub could not read (Amount finer than USD allows): “Provider will not fix it”. It no longer counts as missing from the ledger.",
    );
    const idless = event("transaction.unread_dismissed", { providerAccount: "Card OPEN-API", count: 1, providerTransactionId: null, reason: "No id.", dismissalReason: "Duplicate" });
    expect(sentence(idless)).toContain("Ada Admin dismissed a transaction without an id of the provider account “Card OPEN-API”");
    const all = event("transaction.unread_dismissed", { providerAccount: "Card OPEN-API", count: 12, providerTransactionIds: ["a", "b"], dismissalReason: "Test rows of the provider" });
    expect(sentence(all)).toBe(
      "Ada Admin dismissed 12 provider transactions of the provider account “Card OPEN-API” that Cardhub could not read: “Test rows of the provider”. They no longer count as missing from the ledger.",
    );
  });

  it("name a refused dismissal in words", () => {
    const refused = event("permission.denied", { permission: "transaction.dismiss_unread", reason: "role_not_allowed" }, { outcome: "denied" });
    expect(sentence(refused)).toBe("Ada Admin was refused dismissing provider transactions Cardhub could not read (their role does not allow it).");
  });

  it("say when the sync finds a dismissed transaction failing for a new reason", () => {
    const reopened = event("transaction.unreadable", { providerAccount: "Card OPEN-API", providerTransactionId: "T-9", reason: "Unknown currency XYZ.", reopened: true }, { actorUserId: null, actorEmail: null });
    expect(sentence(reopened)).toBe(
      "The transaction sync could not read transaction T-9 from the provider account “Card OPEN-API” again, now for another reason (Unknown currency XYZ); its earlier dismissal no longer applies, and it is not in Cardhub until a later read stores it.",
    );
  });
});
