import { describe, expect, it } from "vitest";
import type { Role } from "@/db/schema/users";
import type { CardForRequests } from "./card-takes-request";
import { cardRequestsHeldByState } from "./held-card-requests";
import { cardForRequests } from "@/test/card-for-requests";

const actor = (role: Role, id = "me") => ({ id, organizationId: "o", roles: [role], teamIds: ["t"], managedTeamIds: role === "manager" ? ["t"] : [] });
const openapi = (overrides: Partial<CardForRequests> = {}) => cardForRequests({ status: "frozen", providerStatus: "3", ...overrides });

describe("the requests a card's state holds back on one's own card", () => {
  it("tells the holder of a frozen or not-yet-activated card why they cannot ask for a top-up yet", () => {
    for (const role of ["employee", "manager", "finance"] as const) {
      expect(cardRequestsHeldByState(actor(role), openapi()), role).toEqual([{ kind: "top_up", reason: "The card is frozen: ask for it to be unfrozen first." }]);
    }
    expect(cardRequestsHeldByState(actor("employee"), openapi({ status: "inactive", providerStatus: "1" }))).toEqual([
      { kind: "top_up", reason: "The card is not activated yet: ask for its activation first." },
    ]);
  });

  it("holds nothing back on an active card, on someone else's card, for a role that files no requests, or on a card that takes no top-up anyway", () => {
    expect(cardRequestsHeldByState(actor("employee"), openapi({ status: "active", providerStatus: "2" }))).toEqual([]);
    expect(cardRequestsHeldByState(actor("employee", "someone"), openapi())).toEqual([]);
    expect(cardRequestsHeldByState(actor("auditor"), openapi())).toEqual([]);
    expect(cardRequestsHeldByState(actor("employee"), openapi({ provider: "cardepass", cardModel: "sharebalance", balance: null }))).toEqual([]);
    // What filing refuses whatever the card's state has its own notice on the page.
    expect(cardRequestsHeldByState(actor("employee"), openapi({ accountActive: false }))).toEqual([]);
    expect(cardRequestsHeldByState(actor("employee"), openapi({ providerMissingSince: new Date() }))).toEqual([]);
  });
});
