"use server";

import { guardedAction } from "@/lib/actions/guard";
import { sameMembers, updateTeam } from "@/lib/teams/manage-teams";
import { updateTeamSchema, type UpdateTeamInput } from "@/lib/teams/schemas";
import { adminContextFor } from "@/lib/users/admin-context";

/**
 * SECURITY: whether the save puts someone in or out of the team, or names or unnames a manager (who approves the
 * team's requests, and whose requests they see); a rename alone does neither. `loadedMembers` cannot hide a change:
 * updateTeam refuses a save whose `loadedMembers` is not what the team holds. Without it, assume a change.
 */
function changesMembers(input: UpdateTeamInput): boolean {
  if (!input.loadedMembers) return true;
  return !sameMembers(input.members, input.loadedMembers);
}

export const updateTeamAction = guardedAction({
  permission: "admin.manage",
  input: updateTeamSchema,
  requireStepUp: changesMembers,
  auditTarget: (input) => ({ type: "team", id: input.teamId }),
  run: async (input, context) => {
    await updateTeam(context.db, adminContextFor(context), input);
    return null;
  },
});
