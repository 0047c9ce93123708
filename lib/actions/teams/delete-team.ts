"use server";

import { guardedAction } from "@/lib/actions/guard";
import { deleteTeam } from "@/lib/teams/delete-team";
import { teamChoiceSchema } from "@/lib/teams/schemas";
import { adminContextFor } from "@/lib/users/admin-context";

export const deleteTeamAction = guardedAction({
  permission: "admin.manage",
  input: teamChoiceSchema,
  // No step-up: only a team nobody is in can go, so deleting it takes no one's access away.
  auditTarget: (input) => ({ type: "team", id: input.teamId }),
  run: (input, context) => deleteTeam(context.db, adminContextFor(context), input),
});
