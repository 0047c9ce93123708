"use server";

import { guardedAction } from "@/lib/actions/guard";
import { createTeam } from "@/lib/teams/manage-teams";
import { createTeamSchema } from "@/lib/teams/schemas";
import { adminContextFor } from "@/lib/users/admin-context";

export const createTeamAction = guardedAction({
  permission: "admin.manage",
  input: createTeamSchema,
  // No step-up: a new team is empty, so it gives nobody a manager or a member (updateTeamAction asks for that).
  run: (input, context) => createTeam(context.db, adminContextFor(context), input),
});
