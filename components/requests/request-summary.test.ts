import { describe, expect, it } from "vitest";
import { cardNowText, requestLinkParts } from "./request-summary";

const row = {
  kind: "new_card" as const,
  currency: "USD",
  requested: { amount: "1000" },
  approved: { amount: "1000" },
  cardAlias: null,
  requestedAlias: "Eli – Trade fair",
  beneficiaryName: "Eli Employee",
};

describe("a request row's link", () => {
  it("names the card a new-card request asks for, so two new-card rows differ", () => {
    expect(requestLinkParts(row).title).toBe("New card · Eli – Trade fair");
    expect(requestLinkParts({ ...row, requestedAlias: "Dbl test 21477" }).title).toBe("New card · Dbl test 21477");
  });

  it("says kind, card, amount and for whom in its accessible name, not only the kind", () => {
    const parts = requestLinkParts(row);
    expect(`${parts.title}${parts.rest}`).toBe("New card · Eli – Trade fair · $10.00 · for Eli Employee");
  });

  it("names an existing card's alias for other kinds, and the lowered amount that stands", () => {
    const topUp = { ...row, kind: "top_up" as const, cardAlias: "Eli – Travel", requestedAlias: null, requested: { amount: "5000" }, approved: { amount: "2550" } };
    const parts = requestLinkParts(topUp);
    expect(parts.title).toBe("Top-up · Eli – Travel");
    expect(parts.rest).toBe(" · $25.50 (asked $50.00) · for Eli Employee");
  });

  it("leaves the amount out of a status change, which asks for none", () => {
    const unfreeze = { ...row, kind: "unfreeze" as const, cardAlias: "Eli – Software", requestedAlias: null, requested: {}, approved: {} };
    expect(requestLinkParts(unfreeze)).toEqual({ title: "Unfreeze · Eli – Software", rest: " · for Eli Employee" });
  });
});

describe("what the card has now, for the approver", () => {
  it("gives a ShareBalance card's limits and the amount used", () => {
    const card = { cardModel: "sharebalance" as const, currency: "USD", balance: null, limitPerTransaction: 50_000n, limitLifetime: 500_000n, limitUsed: 130_872n };
    expect(cardNowText("limit_increase", card)).toBe("$500.00 per transaction, $5,000.00 lifetime, $1,308.72 used");
  });

  it("says an unlimited lifetime and unreported use in words, never as zero", () => {
    const card = { cardModel: "sharebalance" as const, currency: "USD", balance: null, limitPerTransaction: 50_000n, limitLifetime: null, limitUsed: null };
    expect(cardNowText("limit_increase", card)).toBe("$500.00 per transaction, unlimited lifetime, use not reported by the provider");
  });

  it("gives a prepaid card's balance for a top-up, or says it was not read", () => {
    const card = { cardModel: "prepaid" as const, currency: "USD", balance: 12_345n, limitPerTransaction: null, limitLifetime: null, limitUsed: null };
    expect(cardNowText("top_up", card)).toBe("Balance $123.45");
    expect(cardNowText("top_up", { ...card, balance: null })).toBe("Balance not read from the provider yet");
  });

  it("says nothing for the kinds that do not change money or limits", () => {
    const card = { cardModel: "prepaid" as const, currency: "USD", balance: 1n, limitPerTransaction: null, limitLifetime: null, limitUsed: null };
    expect(cardNowText("unfreeze", card)).toBeNull();
  });
});
