import type { Actor } from "@/lib/auth/permissions";

/**
 * An approved request carries the authority to make exactly the change it names, even when its last approver is a
 * manager who could not make that change directly: the approval policy, not the approver's role, decides. It is
 * finance's card authority within the request's organisation, used only to run that one approved change (and to
 * check, when the request is filed, that the card could take it at all).
 */
export function approvedRequestAuthority(organizationId: string): Actor {
  return { id: "approved-request", organizationId, roles: ["finance"], teamIds: [], managedTeamIds: [] };
}
