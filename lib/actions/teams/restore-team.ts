"use server";

import { guardedAction } from "@/lib/actions/guard";
import { restoreTeam } from "@/lib/teams/archive-team";
import { teamChoiceSchema } from "@/lib/teams/schemas";
import { adminContextFor } from "@/lib/users/admin-context";

export const restoreTeamAction = guardedAction({
  permission: "admin.manage",
  input: teamChoiceSchema,
  // No step-up: a restored team has nobody in it; putting people in it is a team edit, which asks for one.
  auditTarget: (input) => ({ type: "team", id: input.teamId }),
  run: (input, context) => restoreTeam(context.db, adminContextFor(context), input),
});
