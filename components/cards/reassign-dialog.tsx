"use client";

import { useState } from "react";
import { UserRoundPen } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { reassignCardAction } from "@/lib/actions/cards/reassign-card";
import { CHOOSE_FROM_LIST } from "@/lib/cards/form-checks";
import { ActionFailureAlert } from "./action-failure";
import type { PersonChoice } from "@/components/people/person-choice";
import { OwnerTeamFields, type TeamOption } from "./people-fields";
import { useCardDialog } from "./use-card-action";

export function ReassignDialog({
  cardId,
  owner,
  teamId,
  selfId,
  teams,
  defaultOpen = false,
}: {
  cardId: string;
  /** The card's current owner, shown until another is chosen. */
  owner: PersonChoice | null;
  teamId: string | null;
  /** The person reassigning, who is never offered as the new owner. */
  selfId: string;
  teams: TeamOption[];
  defaultOpen?: boolean;
}) {
  const [value, setValue] = useState({ ownerUserId: owner?.id ?? "", teamId: teamId ?? "" });
  const [ownerName, setOwnerName] = useState(owner?.label ?? "");
  const { open, onOpenChange, fields, submit: submitDialog, pending, failure } = useCardDialog(null, defaultOpen);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const input = { cardId, ownerUserId: value.ownerUserId, teamId: value.teamId || null };
    // The lists offer only valid choices; the server checks every id again.
    const team = teams.find((option) => option.id === input.teamId);
    const done = `${ownerName} now holds this card, ${team ? `in the ${team.name} team` : "with no team"}.`;
    submitDialog(input.ownerUserId ? {} : { ownerUserId: CHOOSE_FROM_LIST }, () => reassignCardAction(input), done);
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="outline">
          <UserRoundPen aria-hidden /> Reassign owner
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Reassign owner</DialogTitle>
          <DialogDescription>
            The new owner sees the card and its transactions; the team decides which manager oversees it. Requests still open for the card are withdrawn.
          </DialogDescription>
        </DialogHeader>
        <form method="post" onSubmit={submit} noValidate className="grid gap-4">
          <OwnerTeamFields
            idPrefix="reassign"
            owner={owner}
            excludeIds={[selfId]}
            teams={teams}
            teamId={value.teamId}
            onChange={(next, person) => {
              setValue(next);
              // The confirmation names the new owner; a team change alone keeps the one already chosen.
              if (person) setOwnerName(person.name);
            }}
            errors={fields}
          />
          <ActionFailureAlert failure={failure} shownFields={["ownerUserId", "teamId"]} />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Close
            </Button>
            <Button type="submit" disabled={pending} aria-busy={pending}>
              {pending ? "Saving…" : "Reassign"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
