import type { Role } from "@/db/schema/users";
import { can, visibilityFor, type Actor, type VisibilityFilter } from "@/lib/auth/permissions";
import { CARDHOLDER_ROLES } from "@/lib/cards/card-holder";

/** Why a person picker is open: narrowing a list to someone, giving someone a card, or adding someone to a team. */
export const PICKER_PURPOSES = ["filter", "assign", "member"] as const;
export type PickerPurpose = (typeof PICKER_PURPOSES)[number];

/**
 * Whom the caller may pick for this purpose, or null when they may not use such a picker at all.
 * filter: whoever sees other people's cards (a manager their teams, finance/auditor/admin everyone); the lists'
 * queries apply the same visibility again. assign (a card's owner: the issue and reassign forms, a request's "For"):
 * whoever issues or reassigns cards (finance), among active people who may hold a card (`roles`; the server refuses
 * anyone else too). member: whoever manages teams (an admin), among active people.
 */
export function pickerScope(actor: Actor, purpose: PickerPurpose): { visibility: VisibilityFilter; activeOnly: boolean; roles?: readonly Role[] } | null {
  switch (purpose) {
    case "filter": {
      const visibility = visibilityFor(actor, "card.view");
      if (!visibility || (!visibility.all && visibility.teamIds.length === 0)) return null;
      return { visibility, activeOnly: false };
    }
    case "assign":
      if (!can(actor, "card.issue") && !can(actor, "card.edit")) return null;
      return { visibility: { all: true }, activeOnly: true, roles: CARDHOLDER_ROLES };
    case "member":
      if (!can(actor, "admin.manage")) return null;
      return { visibility: { all: true }, activeOnly: true };
  }
}
