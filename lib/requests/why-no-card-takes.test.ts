import { describe, expect, it } from "vitest";
import { ACCOUNT_DISABLED_REASON } from "@/lib/cards/card-actions";
import { cardForRequests } from "@/test/card-for-requests";
import { NO_CARDS_YET, NONE_OF_YOUR_CARDS, whyNoCardTakes } from "./why-no-card-takes";

describe("why the new-request form does not offer a kind", () => {
  it("offers it (null) when any card can take it", () => {
    expect(whyNoCardTakes("top_up", [cardForRequests({ status: "frozen", providerStatus: "3" }), cardForRequests()])).toBeNull();
  });

  it("says there are no cards, or the one card's own reason", () => {
    expect(whyNoCardTakes("top_up", [])).toBe(NO_CARDS_YET);
    expect(whyNoCardTakes("top_up", [cardForRequests({ accountActive: false })])).toBe(ACCOUNT_DISABLED_REASON);
  });

  it("says the kind's general rule only when it is every card's reason, else only that none can", () => {
    expect(whyNoCardTakes("limit_increase", [cardForRequests(), cardForRequests({ provider: "nobepay" })])).toBe("Only a live ShareBalance card has limits to increase.");
    // The same reason, but about each card's own account: worded for one card, so not said of several.
    expect(whyNoCardTakes("top_up", [cardForRequests({ accountActive: false }), cardForRequests({ accountActive: false })])).toBe(NONE_OF_YOUR_CARDS);
    expect(whyNoCardTakes("top_up", [cardForRequests({ status: "frozen", providerStatus: "3" }), cardForRequests({ status: "cancelled", providerStatus: "5" })])).toBe(NONE_OF_YOUR_CARDS);
  });
});
