"use client";

import { useState } from "react";
import { UserRoundPen } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { reassignCardAction } from "@/lib/actions/cards/reassign-card";
import { CHOOSE_FROM_LIST } from "@/lib/cards/form-checks";
import { ActionFailureAlert } from "./action-failure";
import { OwnerTeamFields, type PersonOption, type TeamOption } from "./people-fields";
import { useCardDialog } from "./use-card-action";

export function ReassignDialog({ cardId, ownerUserId, teamId, people, teams, defaultOpen = false }: { cardId: string; ownerUserId: string | null; teamId: string | null; people: PersonOption[]; teams: TeamOption[]; defaultOpen?: boolean }) {
  const [value, setValue] = useState({ ownerUserId: ownerUserId ?? "", teamId: teamId ?? "" });
  const { open, onOpenChange, fields, submit: submitDialog, pending, failure } = useCardDialog(null, defaultOpen);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const input = { cardId, ownerUserId: value.ownerUserId, teamId: value.teamId || null };
    // The lists offer only valid choices; the server checks every id again.
    submitDialog(input.ownerUserId ? {} : { ownerUserId: CHOOSE_FROM_LIST }, () => reassignCardAction(input));
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
          <DialogDescription>The new owner sees the card and its transactions; the team decides which manager oversees it.</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} noValidate className="grid gap-4">
          <OwnerTeamFields idPrefix="reassign" people={people} teams={teams} {...value} onChange={setValue} errors={fields} />
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
