"use client";

import { Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { deleteTeamAction } from "@/lib/actions/teams/delete-team";
import { ConfirmActionDialog } from "./confirm-action-dialog";
import { useFocusTeamsHeadingWhenGone } from "./use-focus-teams-heading";

/** For a team nobody is in and nothing names (the teams page offers it only then; the server checks again). */
export function DeleteTeamButton({ team }: { team: { id: string; name: string } }) {
  useFocusTeamsHeadingWhenGone();
  return (
    <ConfirmActionDialog
      trigger={
        <Button variant="outline" size="sm">
          <Trash2 aria-hidden /> Delete<span className="sr-only"> {team.name}</span>
        </Button>
      }
      title={`Delete ${team.name}?`}
      description="Nobody is in it, and no card, request or transaction names it. It leaves the list of teams; the audit trail keeps its creation and this deletion."
      confirmLabel="Delete team"
      destructive
      action={() => deleteTeamAction({ teamId: team.id })}
    />
  );
}
