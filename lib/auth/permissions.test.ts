import { describe, expect, it } from "vitest";
import { ROLES, type Role } from "@/db/schema/users";
import { can, PERMISSION_ACTIONS, seesOthers, visibilityFor, visibilityReach, type Actor, type OwnedResource, type PermissionAction } from "./permissions";

const ORG = "org-1";
const actorWith = (role: Role): Actor => ({
  id: "me",
  organizationId: ORG,
  roles: [role],
  teamIds: ["team-mine"],
  managedTeamIds: role === "manager" ? ["team-mine"] : [],
});

// The relations a resource can have to the actor.
const RELATIONS = {
  own: { organizationId: ORG, ownerUserId: "me", teamId: "team-mine" },
  teammate: { organizationId: ORG, ownerUserId: "colleague", teamId: "team-mine" },
  otherTeam: { organizationId: ORG, ownerUserId: "stranger", teamId: "team-other" },
  unassigned: { organizationId: ORG, ownerUserId: null, teamId: null },
  otherOrganization: { organizationId: "org-2", ownerUserId: "me", teamId: "team-mine" },
} satisfies Record<string, OwnedResource>;
type Relation = keyof typeof RELATIONS;

// DESIGN.md's role table, written out independently of the implementation: for each role and action, the
// relations that are allowed. Anything not listed is refused.
const E: Relation[] = [];
const ALL: Relation[] = ["own", "teammate", "otherTeam", "unassigned"];
const NOT_OWN: Relation[] = ["teammate", "otherTeam", "unassigned"];
const EXPECTED: Record<Role, Record<PermissionAction, Relation[]>> = {
  employee: {
    "card.request": ["own"], "card.view": ["own"], "transaction.view": ["own"], "transaction.export": E, "request.approve": E,
    "card.issue": E, "card.fund": E, "card.set_limits": E, "card.unfreeze": E, "card.cancel": E, "card.edit": E,
    "card.freeze": ["own"], "card.reveal": ["own"], "funding.view": E, "audit.view": E, "audit.export": E,
    "admin.manage": E, "audit.verify": E, "request.view": ["own"], "card.activate": E, "order.resolve": E,
    "transaction.dismiss_unread": E,
  },
  manager: {
    "card.request": ["own"], "card.view": ["own", "teammate"], "transaction.view": ["own", "teammate"],
    // "audit log, exports": team. The actor's own row here is on the team they manage.
    "transaction.export": ["own", "teammate"],
    "request.approve": ["teammate"], "card.issue": E, "card.fund": E, "card.set_limits": E, "card.unfreeze": E,
    "card.cancel": E, "card.edit": E, "card.freeze": ["own", "teammate"], "card.reveal": ["own"],
    "funding.view": E, "audit.view": ["own", "teammate"], "audit.export": ["own", "teammate"], "admin.manage": E,
    "audit.verify": E,
    "request.view": ["own", "teammate"], "card.activate": E, "order.resolve": E,
    "transaction.dismiss_unread": E,
  },
  finance: {
    "card.request": ["own"], "card.view": ALL, "transaction.view": ALL, "transaction.export": ALL,
    // Four eyes ("nobody grants themselves money"): not on their own card.
    "request.approve": ["teammate", "otherTeam", "unassigned"], "card.issue": ALL, "card.fund": NOT_OWN,
    "card.set_limits": NOT_OWN, "card.unfreeze": NOT_OWN, "card.cancel": ALL, "card.edit": ALL, "card.freeze": ALL,
    "card.reveal": ["own", "unassigned"], "funding.view": ALL, "audit.view": ALL, "audit.export": ALL,
    "admin.manage": E, "audit.verify": ALL, "request.view": ALL,
    // Activating releases a card's money, and settling a provider request in review decides whether money moved.
    "card.activate": NOT_OWN, "order.resolve": NOT_OWN,
    // Acknowledging a provider row the ledger will go without, with a reason; not a card's, so any.
    "transaction.dismiss_unread": ALL,
  },
  auditor: {
    "card.request": E, "card.view": ALL, "transaction.view": ALL, "transaction.export": ALL, "request.approve": E, "card.issue": E,
    "card.fund": E, "card.set_limits": E, "card.unfreeze": E, "card.cancel": E, "card.edit": E, "card.freeze": E,
    "card.reveal": E, "funding.view": ALL, "audit.view": ALL, "audit.export": ALL, "admin.manage": E,
    "audit.verify": ALL,
    "request.view": ALL, "card.activate": E, "order.resolve": E,
    "transaction.dismiss_unread": E,
  },
  admin: {
    "card.request": E, "card.view": ALL, "transaction.view": ALL, "transaction.export": ALL, "request.approve": E, "card.issue": E,
    "card.fund": E, "card.set_limits": E, "card.unfreeze": E, "card.cancel": E, "card.edit": E, "card.freeze": E,
    "card.reveal": E, "funding.view": ALL, "audit.view": ALL, "audit.export": ALL, "admin.manage": ALL,
    "audit.verify": ALL,
    "request.view": ALL, "card.activate": E, "order.resolve": E,
    "transaction.dismiss_unread": ALL,
  },
};

describe("can() walks DESIGN.md's whole role table", () => {
  it("the table above names every action the app checks, and only those", () => {
    for (const role of ROLES) expect(Object.keys(EXPECTED[role]).sort(), role).toEqual([...PERMISSION_ACTIONS].sort());
  });

  for (const role of ROLES) {
    for (const action of PERMISSION_ACTIONS) {
      for (const relation of Object.keys(RELATIONS) as Relation[]) {
        const allowed = EXPECTED[role][action].includes(relation);
        it(`${role} ${allowed ? "may" : "may not"} ${action} on a resource that is ${relation}`, () => {
          expect(can(actorWith(role), action, RELATIONS[relation])).toBe(allowed);
        });
      }
      it(`${role} ${EXPECTED[role][action].length ? "has" : "lacks"} ${action} at all`, () => {
        expect(can(actorWith(role), action)).toBe(EXPECTED[role][action].length > 0);
      });
    }
  }
});

describe("four eyes on what releases money", () => {
  it("lets finance activate a card, or settle a provider request in review, on anyone's card but their own", () => {
    for (const action of ["card.activate", "order.resolve"] as const) {
      expect(can(actorWith("finance"), action, RELATIONS.teammate)).toBe(true);
      expect(can(actorWith("finance"), action, RELATIONS.unassigned)).toBe(true);
      expect(can(actorWith("finance"), action, RELATIONS.own)).toBe(false);
    }
  });
});

describe("several roles", () => {
  it("grant the union of their permissions", () => {
    const actor: Actor = { ...actorWith("employee"), roles: ["employee", "auditor"] };
    expect(can(actor, "card.view", RELATIONS.otherTeam)).toBe(true);
    expect(can(actor, "card.reveal", RELATIONS.own)).toBe(true);
    expect(can(actor, "card.reveal", RELATIONS.otherTeam)).toBe(false);
  });

  it("never reach across organisations, even for admins", () => {
    const actor: Actor = { ...actorWith("admin"), roles: ["admin", "finance"] };
    expect(can(actor, "card.view", RELATIONS.otherOrganization)).toBe(false);
  });
});

describe("visibilityFor", () => {
  it("limits employees to their own rows and managers to their teams", () => {
    expect(visibilityFor(actorWith("employee"), "card.view")).toEqual({ all: false, ownerUserId: "me", teamIds: [] });
    expect(visibilityFor(actorWith("manager"), "card.view")).toEqual({ all: false, ownerUserId: "me", teamIds: ["team-mine"] });
    expect(visibilityFor(actorWith("auditor"), "transaction.view")).toEqual({ all: true });
    expect(visibilityFor(actorWith("employee"), "audit.view")).toBeNull();
  });

  it("reads a transactions export as DESIGN's \"audit log, exports\" row: none for employees, the team for managers", () => {
    expect(visibilityFor(actorWith("employee"), "transaction.export")).toBeNull();
    expect(visibilityFor(actorWith("manager"), "transaction.export")).toEqual({ all: false, ownerUserId: "me", teamIds: ["team-mine"] });
    for (const role of ["finance", "auditor", "admin"] as const) expect(visibilityFor(actorWith(role), "transaction.export"), role).toEqual({ all: true });
  });
});

describe("visibilityReach and seesOthers", () => {
  it("name the whole company, own and team, or own only, and say whether anyone else's rows are shown", () => {
    const reach = (role: Role) => visibilityReach(visibilityFor(actorWith(role), "transaction.view")!);
    expect(reach("employee")).toBe("own");
    expect(reach("manager")).toBe("own_and_team");
    expect(reach("finance")).toBe("all");
    expect(seesOthers(visibilityFor(actorWith("employee"), "card.view")!)).toBe(false);
    expect(seesOthers(visibilityFor(actorWith("manager"), "card.view")!)).toBe(true);
    expect(seesOthers({ all: false, ownerUserId: "me", teamIds: [] })).toBe(false);
    expect(seesOthers({ all: true })).toBe(true);
  });
});
