import { describe, expect, it } from "vitest";
import { cardsForKind, kindOffer } from "./new-request-cards";
import type { RequestableCard } from "./new-request-types";

const card = (id: string, patch: Partial<RequestableCard> = {}): RequestableCard => ({
  id,
  alias: `Card ${id}`,
  last4: "0806",
  currency: "USD",
  cardModel: "prepaid",
  status: "active",
  balance: 500n,
  limitPerTransaction: null,
  limitLifetime: null,
  kinds: ["top_up"],
  openRequests: {},
  ...patch,
});

const software = card("software", { openRequests: { top_up: "req-topup" } });
const travel = card("travel");
const frozen = card("frozen", { status: "frozen", kinds: ["unfreeze"], openRequests: { unfreeze: "req-unfreeze" } });

describe("the cards the new-request form lists for a kind", () => {
  it("shows a card with an open request of that kind as already requested, with that request, not as a choice", () => {
    expect(cardsForKind([software, travel, frozen], "top_up")).toEqual([
      { card: software, openRequestId: "req-topup" },
      { card: travel, openRequestId: null },
    ]);
  });

  it("keeps a card choosable for the kinds it has no open request of", () => {
    const both = card("both", { kinds: ["top_up", "limit_increase"], cardModel: "sharebalance", openRequests: { top_up: "req-1" } });
    expect(cardsForKind([both], "limit_increase")).toEqual([{ card: both, openRequestId: null }]);
  });
});

describe("whether the form offers a kind", () => {
  it("offers a kind some card can take with no open request of it", () => {
    expect(kindOffer([software, travel], "top_up")).toBe("choosable");
    expect(kindOffer([], "new_card")).toBe("choosable");
  });

  it("says a kind is already requested when every card that could take it has an open one", () => {
    expect(kindOffer([software, frozen], "top_up")).toBe("requested");
    expect(kindOffer([software, frozen], "unfreeze")).toBe("requested");
  });

  it("offers no kind none of the cards can take", () => {
    expect(kindOffer([software, travel], "activate")).toBe("none");
  });
});
