"use server";

import { guardedAction } from "@/lib/actions/guard";
import { updateTeam } from "@/lib/teams/manage-teams";
import { updateTeamSchema } from "@/lib/teams/schemas";
import { adminContextFor } from "@/lib/users/admin-context";

export const updateTeamAction = guardedAction({
  permission: "admin.manage",
  input: updateTeamSchema,
  run: async (input, context) => {
    await updateTeam(context.db, adminContextFor(context), input);
    return null;
  },
});
