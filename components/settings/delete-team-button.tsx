"use client";

import { useEffect } from "react";
import { Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { deleteTeamAction } from "@/lib/actions/teams/delete-team";
import { ConfirmActionDialog } from "./confirm-action-dialog";

/** For a team nobody is in and nothing names (the teams page offers it only then; the server checks again). */
export function DeleteTeamButton({ team }: { team: { id: string; name: string } }) {
  // Deleted, the team's card leaves the list with the dialog that had focus: focus goes to the list's heading rather
  // than the page's <body>, where a keyboard user would start again at the top.
  useEffect(
    () => () => {
      if (document.activeElement === null || document.activeElement === document.body) document.getElementById("teams-heading")?.focus();
    },
    [],
  );
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
