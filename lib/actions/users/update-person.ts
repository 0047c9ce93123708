"use server";

import { guardedAction } from "@/lib/actions/guard";
import { adminContextFor } from "@/lib/users/admin-context";
import { updatePersonSchema, type UpdatePersonInput } from "@/lib/users/schemas";
import { keyOfRoles, keyOfTeams, updatePerson } from "@/lib/users/update-person";

/**
 * SECURITY: whether the edit gives or takes a role or a team (a rename alone does neither). `loaded` cannot hide a
 * change: updatePerson refuses an edit whose `loaded` is not what the person holds. Without it, assume a change.
 */
function changesAccess(input: UpdatePersonInput): boolean {
  if (!input.loaded) return true;
  return keyOfRoles(input.roles) !== keyOfRoles(input.loaded.roles) || keyOfTeams(input.teams) !== keyOfTeams(input.loaded.teams);
}

export const updatePersonAction = guardedAction({
  permission: "admin.manage",
  input: updatePersonSchema,
  requireStepUp: changesAccess,
  auditTarget: (input) => ({ type: "user", id: input.userId }),
  run: async (input, context) => {
    return updatePerson(context.db, adminContextFor(context), input);
  },
});
