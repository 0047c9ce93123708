"use client";

import { Archive, ArchiveRestore } from "lucide-react";
import { Button } from "@/components/ui/button";
import { archiveTeamAction } from "@/lib/actions/teams/archive-team";
import { restoreTeamAction } from "@/lib/actions/teams/restore-team";
import { ConfirmActionDialog } from "./confirm-action-dialog";
import { useFocusTeamsHeadingWhenGone } from "./use-focus-teams-heading";

type TeamRef = { id: string; name: string };

/** For a team nobody is in that cards, requests or transactions name (the server checks again, and for open work). */
export function ArchiveTeamButton({ team }: { team: TeamRef }) {
  useFocusTeamsHeadingWhenGone();
  return (
    <ConfirmActionDialog
      trigger={
        <Button variant="outline" size="sm">
          <Archive aria-hidden /> Archive<span className="sr-only"> {team.name}</span>
        </Button>
      }
      title={`Archive ${team.name}?`}
      description="Nobody can be put in it and no card issued to or moved into it. Its cards, requests and transactions keep naming it, and the lists' team filters still offer it. You can restore it later."
      confirmLabel="Archive team"
      action={() => archiveTeamAction({ teamId: team.id })}
    />
  );
}

export function RestoreTeamButton({ team }: { team: TeamRef }) {
  useFocusTeamsHeadingWhenGone();
  return (
    <ConfirmActionDialog
      trigger={
        <Button variant="outline" size="sm">
          <ArchiveRestore aria-hidden /> Restore<span className="sr-only"> {team.name}</span>
        </Button>
      }
      title={`Restore ${team.name}?`}
      description="It goes back among the teams in use: people can be put in it and cards issued to it again. It starts with nobody in it."
      confirmLabel="Restore team"
      action={() => restoreTeamAction({ teamId: team.id })}
    />
  );
}
