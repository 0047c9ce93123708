import type { RequestListScope } from "@/db/queries/requests";
import { managedTeamIdsOf } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";

export type InboxScope = Extract<RequestListScope, { kind: "inbox" }>;

/**
 * "Waiting for you": the steps this person may take now (db/queries/requests.ts, inboxCondition). A finance member's
 * also holds the manager steps nobody can take because the team has no manager who may, which finance takes.
 */
export function inboxScopeOf(user: Pick<SessionUser, "id" | "managedTeamIds" | "roles">): InboxScope {
  return { kind: "inbox", userId: user.id, managedTeamIds: managedTeamIdsOf(user), isFinance: user.roles.includes("finance") };
}
