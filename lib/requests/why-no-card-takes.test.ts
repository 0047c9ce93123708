import { describe, expect, it } from "vitest";
import { ACCOUNT_DISABLED_REASON } from "@/lib/cards/card-actions";
import type { CardForRequests } from "./card-takes-request";
import { NO_CARDS_YET, NONE_OF_YOUR_CARDS, whyNoCardTakes } from "./why-no-card-takes";

/** An active Card OPEN-API prepaid card on an enabled account. */
const card = (overrides: Partial<CardForRequests> = {}): CardForRequests => ({
  organizationId: "o",
  ownerUserId: "me",
  teamId: "t",
  provider: "cardopenapi",
  cardModel: "prepaid",
  status: "active",
  providerStatus: "2",
  balance: 10_000n,
  accountActive: true,
  providerMissingSince: null,
  ...overrides,
});

describe("why the new-request form does not offer a kind", () => {
  it("offers it (null) when any card can take it", () => {
    expect(whyNoCardTakes("top_up", [card({ status: "frozen", providerStatus: "3" }), card()])).toBeNull();
  });

  it("says there are no cards, or the one card's own reason", () => {
    expect(whyNoCardTakes("top_up", [])).toBe(NO_CARDS_YET);
    expect(whyNoCardTakes("top_up", [card({ accountActive: false })])).toBe(ACCOUNT_DISABLED_REASON);
  });

  it("says the kind's general rule only when it is every card's reason, else only that none can", () => {
    expect(whyNoCardTakes("limit_increase", [card(), card({ provider: "nobepay" })])).toBe("Only a live ShareBalance card has limits to increase.");
    // The same reason, but about each card's own account: worded for one card, so not said of several.
    expect(whyNoCardTakes("top_up", [card({ accountActive: false }), card({ accountActive: false })])).toBe(NONE_OF_YOUR_CARDS);
    expect(whyNoCardTakes("top_up", [card({ status: "frozen", providerStatus: "3" }), card({ status: "cancelled", providerStatus: "5" })])).toBe(NONE_OF_YOUR_CARDS);
  });
});
