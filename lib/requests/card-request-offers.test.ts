import { describe, expect, it } from "vitest";
import type { Role } from "@/db/schema/users";
import { whyCardCannotTake, whyCardRefusesRequest, type CardForRequests } from "./card-takes-request";
import { cardRequestOffers } from "./card-request-offers";
import { cardForRequests } from "@/test/card-for-requests";

const actor = (role: Role, id = "me") => ({ id, organizationId: "o", roles: [role], teamIds: ["t"], managedTeamIds: role === "manager" ? ["t"] : [] });
/** A Card OPEN-API card issued but not activated yet: the only provider with an activation step. */
const inactive = (overrides: Partial<CardForRequests> = {}) => cardForRequests({ status: "inactive", providerStatus: "1", ...overrides });

describe("the card page's request offers", () => {
  it("offers the holder of an inactive card a request to activate it, whatever their role that files requests", () => {
    for (const role of ["employee", "manager"] as const) expect(cardRequestOffers(actor(role), inactive())).toEqual(["activate"]);
    // Finance activates others' cards, not their own (four eyes): they ask, where the card page used to only say so.
    expect(cardRequestOffers(actor("finance"), inactive())).toEqual(["activate"]);
  });

  it("offers nothing to whoever activates it directly, on someone else's card, or to a role that files no requests", () => {
    expect(cardRequestOffers(actor("finance", "colleague"), inactive())).toEqual([]);
    expect(cardRequestOffers(actor("manager", "their-manager"), inactive())).toEqual([]);
    expect(cardRequestOffers(actor("auditor"), inactive())).toEqual([]);
    expect(cardRequestOffers(actor("admin"), inactive())).toEqual([]);
  });

  it("offers no activation once the card is active or closed, on a disabled account, on a card its provider no longer knows, or where the provider has no activation step", () => {
    expect(cardRequestOffers(actor("employee"), inactive({ status: "active" }))).not.toContain("activate");
    for (const status of ["frozen", "cancelled", "expired", "failed"] as const) expect(cardRequestOffers(actor("employee"), inactive({ status }))).not.toContain("activate");
    expect(cardRequestOffers(actor("employee"), inactive({ accountActive: false }))).toEqual([]);
    expect(cardRequestOffers(actor("employee"), inactive({ providerMissingSince: new Date() }))).toEqual([]);
    expect(cardRequestOffers(actor("employee"), inactive({ provider: "cardepass", cardModel: "standard" }))).toEqual([]);
    expect(cardRequestOffers(actor("employee"), inactive({ provider: "nobepay" }))).toEqual([]);
  });

  it("still offers what it offered before: a top-up on an active prepaid card, an unfreeze on a frozen one", () => {
    expect(cardRequestOffers(actor("employee"), inactive({ status: "active" }))).toEqual(["top_up"]);
    expect(cardRequestOffers(actor("employee"), inactive({ status: "frozen" }))).toEqual(["unfreeze"]);
    expect(cardRequestOffers(actor("employee"), inactive({ provider: "cardepass", cardModel: "sharebalance", status: "active" }))).toEqual(["limit_increase"]);
  });
});

describe("a Card OPEN-API card reported lost (6 已挂失)", () => {
  it("is offered no unfreeze request, and filing one is refused with the reason", () => {
    const lost = inactive({ status: "frozen", providerStatus: "6" });
    expect(cardRequestOffers(actor("employee"), lost)).toEqual([]);
    expect(whyCardRefusesRequest("unfreeze", lost)).toMatch(/^This card was reported lost at Card OPEN-API, so it is not unfrozen here/);
    expect(whyCardRefusesRequest("unfreeze", inactive({ status: "frozen", providerStatus: "3" }))).toBeNull();
  });
});

describe("why a card cannot take a top-up", () => {
  it("says what it waits for on a prepaid card that is only paused, and the general rule where nothing would let it through", () => {
    expect(whyCardCannotTake("top_up", inactive({ status: "frozen" }))).toBe("The card is frozen, so it cannot be topped up until it is unfrozen.");
    expect(whyCardCannotTake("top_up", inactive())).toBe("The card is not activated yet, so it cannot be topped up until it is.");
    // A ShareBalance card spends the shared balance: unfreezing it would not let a top-up through.
    expect(whyCardCannotTake("top_up", inactive({ provider: "cardepass", cardModel: "sharebalance", status: "frozen" }))).toBe(
      "Only an active card whose provider accepts top-ups can be topped up.",
    );
  });
});
