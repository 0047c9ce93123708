import type { Role } from "@/db/schema/users";

/** Everything a permission check needs to know about the person asking. */
export type Actor = {
  id: string;
  organizationId: string;
  roles: readonly Role[];
  teamIds: readonly string[];
  managedTeamIds: readonly string[];
};

/** The part of a card (or card request, transaction, audit row) that decides who may touch it. */
export type OwnedResource = {
  organizationId: string;
  ownerUserId: string | null;
  teamId: string | null;
};

export const PERMISSION_ACTIONS = [
  "card.request",
  "card.view",
  "transaction.view",
  "transaction.export",
  "request.approve",
  "card.issue",
  "card.fund",
  "card.set_limits",
  "card.unfreeze",
  "card.cancel",
  "card.edit",
  "card.freeze",
  "card.reveal",
  "funding.view",
  "audit.view",
  "audit.export",
  "admin.manage",
  "audit.verify",
  "request.view",
  "card.activate",
  "order.resolve",
  "transaction.dismiss_unread",
] as const;
export type PermissionAction = (typeof PERMISSION_ACTIONS)[number];

/**
 * How far a role's grant reaches: "own" = resources the actor owns (or requested), "team" = resources of a team
 * the actor manages, "team-not-own" = the team's except the actor's own, "unassigned" = company cards with no owner.
 */
export type Scope = "all" | "all-not-own" | "own" | "team" | "team-not-own" | "unassigned";

/** The role table of DESIGN.md, literally. A user holding several roles gets the union of their grants. */
export const ROLE_GRANTS: Record<Role, Partial<Record<PermissionAction, readonly Scope[]>>> = {
  employee: {
    "card.request": ["own"],
    "card.view": ["own"],
    "transaction.view": ["own"],
    "card.freeze": ["own"],
    "card.reveal": ["own"],
    "request.view": ["own"],
  },
  manager: {
    "card.request": ["own"],
    "card.view": ["own", "team"],
    "transaction.view": ["own", "team"],
    // "audit log, exports": team. Seeing one's own transactions (employee) is not exporting them.
    "transaction.export": ["team"],
    "request.approve": ["team-not-own"],
    "card.freeze": ["own", "team"],
    "card.reveal": ["own"],
    "audit.view": ["team"],
    "audit.export": ["team"],
    "request.view": ["own", "team"],
  },
  finance: {
    "card.request": ["own"],
    "card.view": ["all"],
    "transaction.view": ["all"],
    "transaction.export": ["all"],
    "request.approve": ["all-not-own"],
    "card.issue": ["all"],
    // Four eyes: nobody grants themselves money. Finance asks for a top-up, a higher limit or an unfreeze of their
    // own card like anyone else, and another finance member approves it (lib/requests/policy.ts).
    "card.fund": ["all-not-own"],
    "card.set_limits": ["all-not-own"],
    "card.unfreeze": ["all-not-own"],
    // Activating releases a card's money like unfreezing it; settling a provider request in review decides whether
    // money moved (a top-up recorded as not done can be asked for again).
    "card.activate": ["all-not-own"],
    "order.resolve": ["all-not-own"],
    // Acknowledging that the ledger goes without a provider row Cardhub cannot read: finance answers for the ledger,
    // admins for the provider accounts whose sync status shows it. Auditors only read it.
    "transaction.dismiss_unread": ["all"],
    "card.cancel": ["all"],
    "card.edit": ["all"],
    "card.freeze": ["all"],
    "card.reveal": ["own", "unassigned"],
    "funding.view": ["all"],
    "audit.view": ["all"],
    "audit.export": ["all"],
    "audit.verify": ["all"],
    "request.view": ["all"],
  },
  auditor: {
    "card.view": ["all"],
    "transaction.view": ["all"],
    "transaction.export": ["all"],
    "funding.view": ["all"],
    "audit.view": ["all"],
    "audit.export": ["all"],
    "audit.verify": ["all"],
    "request.view": ["all"],
  },
  admin: {
    "card.view": ["all"],
    "transaction.view": ["all"],
    "transaction.export": ["all"],
    "funding.view": ["all"],
    "audit.view": ["all"],
    "audit.export": ["all"],
    "audit.verify": ["all"],
    "admin.manage": ["all"],
    "request.view": ["all"],
    "transaction.dismiss_unread": ["all"],
  },
};

export function scopesFor(actor: Pick<Actor, "roles">, action: PermissionAction): Set<Scope> {
  const scopes = new Set<Scope>();
  for (const role of actor.roles) for (const scope of ROLE_GRANTS[role][action] ?? []) scopes.add(scope);
  return scopes;
}

/**
 * The teams a person manages: those they are named a manager of, and only while they hold the manager role (DESIGN.md,
 * Roles). Being named alone carries no authority (the role taken away since, or never given). The one rule for
 * approving, the inbox, "needs your approval" notices and execution alike; db/queries/requests.ts applies it in SQL.
 */
export function managedTeamIdsOf(person: Pick<Actor, "roles" | "managedTeamIds">): readonly string[] {
  return person.roles.includes("manager") ? person.managedTeamIds : [];
}

/** Whether the person manages this team: managedTeamIdsOf. */
export function managesTeam(person: Pick<Actor, "roles" | "managedTeamIds">, teamId: string): boolean {
  return managedTeamIdsOf(person).includes(teamId);
}

function scopeCovers(scope: Scope, actor: Actor, resource: OwnedResource): boolean {
  const own = resource.ownerUserId !== null && resource.ownerUserId === actor.id;
  const team = resource.teamId !== null && managesTeam(actor, resource.teamId);
  switch (scope) {
    case "all":
      return true;
    case "all-not-own":
      return !own;
    case "own":
      return own;
    case "team":
      return team;
    case "team-not-own":
      return team && !own;
    case "unassigned":
      return resource.ownerUserId === null;
  }
}

/**
 * The single permission check. Without a resource it answers "may this user do this at all", which is what
 * navigation and the first step of the action guard need; with one, whether it covers that resource.
 */
export function can(actor: Actor, action: PermissionAction, resource?: OwnedResource): boolean {
  const scopes = scopesFor(actor, action);
  if (scopes.size === 0) return false;
  if (!resource) return true;
  if (resource.organizationId !== actor.organizationId) return false;
  for (const scope of scopes) if (scopeCovers(scope, actor, resource)) return true;
  return false;
}

/** What a list query must filter to, so pages never load rows the user may not see. */
export type VisibilityFilter = { all: true } | { all: false; ownerUserId: string; teamIds: readonly string[] };

export function visibilityFor(
  actor: Actor,
  action: "card.view" | "transaction.view" | "transaction.export" | "audit.view" | "request.view",
): VisibilityFilter | null {
  const scopes = scopesFor(actor, action);
  if (scopes.size === 0) return null;
  if (scopes.has("all")) return { all: true };
  return { all: false, ownerUserId: actor.id, teamIds: scopes.has("team") ? managedTeamIdsOf(actor) : [] };
}

/** How far a visibility reaches: the whole company, the viewer's own and their teams', or only the viewer's own. */
export function visibilityReach(visibility: VisibilityFilter): "all" | "own_and_team" | "own" {
  if (visibility.all) return "all";
  return visibility.teamIds.length > 0 ? "own_and_team" : "own";
}

/** Whether a visibility shows anyone's rows besides the viewer's own. */
export const seesOthers = (visibility: VisibilityFilter): boolean => visibilityReach(visibility) !== "own";
