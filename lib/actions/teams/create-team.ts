"use server";

import { guardedAction } from "@/lib/actions/guard";
import { createTeam } from "@/lib/teams/manage-teams";
import { createTeamSchema } from "@/lib/teams/schemas";
import { adminContextFor } from "@/lib/users/admin-context";

export const createTeamAction = guardedAction({
  permission: "admin.manage",
  input: createTeamSchema,
  run: (input, context) => createTeam(context.db, adminContextFor(context), input),
});
