import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CardOwnerPanel } from "./card-owner-panel";

const card = { ownerName: "Emma Employee", ownerEmail: "emma@demo.test", teamName: "Marketing", createdAt: new Date("2026-11-30T09:00:00Z"), createdByUserId: "finance-id", issuedAt: null, lastSyncedAt: null, status: "active" as const };
const rows = (markup: string) => [...markup.matchAll(/<dt[^>]*>(.*?)<\/dt><dd[^>]*>(.*?)<\/dd>/g)].map(([, label, value]) => `${label}: ${value!.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim()}`);

describe("CardOwnerPanel", () => {
  it("does not repeat its title as the first row's label: the row names the person", () => {
    const markup = renderToStaticMarkup(createElement(CardOwnerPanel, { card }));
    expect(markup).toMatch(/data-slot="card-title"[^>]*>Owner</);
    expect(rows(markup)).toEqual(["Person: Emma Employee emma@demo.test", "Team: Marketing", "Created: 2026-11-30 09:00 UTC", "Last synced: Not yet"]);
  });

  it("does not promise a sync to a card that was never issued: nothing at the provider will ever be read", () => {
    expect(rows(renderToStaticMarkup(createElement(CardOwnerPanel, { card: { ...card, status: "failed" } })))[3]).toBe("Last synced: Not applicable: never issued");
  });

  it("says a card without an owner is the company's", () => {
    expect(rows(renderToStaticMarkup(createElement(CardOwnerPanel, { card: { ...card, ownerName: null, ownerEmail: null, teamName: null } })))[0]).toBe("Person: Unassigned company card");
  });

  it("dates a card imported from its provider twice: issued there (when the provider says), imported here", () => {
    const imported = { ...card, createdByUserId: null, issuedAt: new Date("2025-03-05T08:44:02Z") };
    expect(rows(renderToStaticMarkup(createElement(CardOwnerPanel, { card: imported }))).slice(2, 4)).toEqual([
      "Issued: 2025-03-05 08:44 UTC, at the provider",
      "Imported: 2026-11-30 09:00 UTC",
    ]);
    expect(rows(renderToStaticMarkup(createElement(CardOwnerPanel, { card: { ...imported, issuedAt: null } })))[2]).toBe("Issued: Not reported by the provider");
  });
});
