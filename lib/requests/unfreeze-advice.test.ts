import { describe, expect, it } from "vitest";
import type { Role } from "@/db/schema/users";
import { approvalRoute } from "./policy";
import { unfreezeAdviceText } from "./unfreeze-advice";

const TEAM = "team-operations";
const THRESHOLD = 100_000n;

/** The route approvalRoute gives an unfreeze by this holder releasing `released` (null: without bound). */
const routeOf = (roles: Role[], released: bigint | null) =>
  approvalRoute({ requester: { roles, managedTeamIds: roles.includes("manager") ? [TEAM] : [] }, teamId: TEAM, policyAmount: released, threshold: THRESHOLD });

const eli = { self: true, name: "Eli Employee", finance: false };

describe("the freeze confirmation's sentence on how the card is used again", () => {
  it("the holder's own card below the threshold: the team's manager alone approves the unfreeze request", () => {
    const steps = routeOf(["employee"], 10_000n);
    expect(steps).toEqual(["team_manager"]);
    expect(unfreezeAdviceText({ kind: "request", holder: eli, steps, standIn: false, viewerApproves: false })).toBe(
      "To use it again, ask for it with an unfreeze request: your team's manager approves it. Finance can also unfreeze it directly.",
    );
  });

  it("at or above the threshold, or without bound: the manager, then a finance member", () => {
    for (const released of [THRESHOLD, null]) {
      const steps = routeOf(["employee"], released);
      expect(steps).toEqual(["team_manager", "finance"]);
      expect(unfreezeAdviceText({ kind: "request", holder: eli, steps, standIn: false, viewerApproves: false })).toBe(
        "To use it again, ask for it with an unfreeze request: your team's manager approves it, then a finance member. Finance can also unfreeze it directly.",
      );
    }
  });

  it("a manager's own card: finance approves (two members at or above the threshold)", () => {
    const omar = { self: true, name: "Omar Operations", finance: false };
    expect(unfreezeAdviceText({ kind: "request", holder: omar, steps: routeOf(["manager"], 10_000n), standIn: false, viewerApproves: false })).toBe(
      "To use it again, ask for it with an unfreeze request: a finance member approves it. Finance can also unfreeze it directly.",
    );
    expect(unfreezeAdviceText({ kind: "request", holder: omar, steps: routeOf(["manager"], THRESHOLD), standIn: false, viewerApproves: false })).toBe(
      "To use it again, ask for it with an unfreeze request: two finance members approve it. Finance can also unfreeze it directly.",
    );
  });

  it("a finance member's own card: another finance member, after the team's manager at or above the threshold", () => {
    const fiona = { self: true, name: "Fiona Finance", finance: true };
    expect(unfreezeAdviceText({ kind: "request", holder: fiona, steps: routeOf(["finance"], 10_000n), standIn: false, viewerApproves: false })).toBe(
      "To use it again, ask for it with an unfreeze request: another finance member approves it. Another finance member can also unfreeze it directly.",
    );
    expect(unfreezeAdviceText({ kind: "request", holder: fiona, steps: routeOf(["finance"], THRESHOLD), standIn: false, viewerApproves: false })).toBe(
      "To use it again, ask for it with an unfreeze request: your team's manager approves it, then another finance member. Another finance member can also unfreeze it directly.",
    );
  });

  it("a team without a manager who could approve: finance takes the step, and a second finance member after", () => {
    expect(unfreezeAdviceText({ kind: "request", holder: eli, steps: routeOf(["employee"], 10_000n), standIn: true, viewerApproves: false })).toBe(
      "To use it again, ask for it with an unfreeze request: your team has no manager who could approve it, so two finance members do. Finance can also unfreeze it directly.",
    );
  });

  it("the team's manager freezing a member's card: the holder asks, and the manager approves", () => {
    const holder = { ...eli, self: false };
    expect(unfreezeAdviceText({ kind: "request", holder, steps: routeOf(["employee"], 10_000n), standIn: false, viewerApproves: true })).toBe(
      "To use it again, Eli Employee asks for it with an unfreeze request: you approve it as their team's manager. Finance can also unfreeze it directly.",
    );
    expect(unfreezeAdviceText({ kind: "request", holder, steps: routeOf(["employee"], null), standIn: false, viewerApproves: true })).toBe(
      "To use it again, Eli Employee asks for it with an unfreeze request: you approve it as their team's manager, then a finance member. Finance can also unfreeze it directly.",
    );
  });

  it("names every step of every route the policy gives, and the team's manager only where the route has that step", () => {
    const holders: Role[][] = [["employee"], ["manager"], ["finance"], ["manager", "finance"]];
    for (const roles of holders) {
      for (const released of [0n, THRESHOLD - 1n, THRESHOLD, null]) {
        const steps = routeOf(roles, released);
        const text = unfreezeAdviceText({ kind: "request", holder: { self: true, name: "Someone", finance: roles.includes("finance") }, steps, standIn: false, viewerApproves: false });
        expect(text.includes("your team's manager approves it"), `${roles} releasing ${released}: ${text}`).toBe(steps[0] === "team_manager");
        // Who approves: the clause after the colon, up to its full stop (the next sentence is about unfreezing directly).
        const who = text.slice(text.indexOf(": ") + 2, text.indexOf(". "));
        const financeNamed = /two (other )?finance members/.test(who) ? 2 : /(a|another) finance member/.test(who) ? 1 : 0;
        expect(financeNamed, `${roles} releasing ${released}: ${text}`).toBe(steps.filter((step) => step === "finance").length);
        expect(text).not.toContain("Only finance unfreezes cards");
      }
    }
  });

  it("finance on someone else's card unfreezes it themselves; a card without a holder takes no request", () => {
    expect(unfreezeAdviceText({ kind: "direct" })).toBe("You can unfreeze it from this page at any time.");
    expect(unfreezeAdviceText({ kind: "no_holder" })).toBe("Only finance can unfreeze it: a card without a holder takes no unfreeze request.");
  });
});
