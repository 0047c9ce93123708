"use server";

import { guardedAction } from "@/lib/actions/guard";
import { archiveTeam } from "@/lib/teams/archive-team";
import { teamChoiceSchema } from "@/lib/teams/schemas";
import { adminContextFor } from "@/lib/users/admin-context";

export const archiveTeamAction = guardedAction({
  permission: "admin.manage",
  input: teamChoiceSchema,
  // No step-up: only a team nobody is in can be archived, so archiving it takes no one's access away.
  auditTarget: (input) => ({ type: "team", id: input.teamId }),
  run: (input, context) => archiveTeam(context.db, adminContextFor(context), input),
});
