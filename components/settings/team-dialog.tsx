"use client";

import { useState } from "react";
import { Pencil, Plus } from "lucide-react";
import { ActionFailureAlert } from "@/components/cards/action-failure";
import { fieldProps, FormField, issuesToFields } from "@/components/forms/form-field";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { createTeamAction } from "@/lib/actions/teams/create-team";
import { updateTeamAction } from "@/lib/actions/teams/update-team";
import { useRefreshingAction } from "@/components/forms/use-refreshing-action";

type Choice = "none" | "member" | "manager";
type Person = { id: string; name: string; otherTeams: string[] };

/** Creates a team, or renames one and sets its members and managers (moving someone = out of one team, into another). */
export function TeamDialog({ team, people }: { team?: { id: string; name: string; members: { userId: string; manager: boolean }[] }; people: Person[] }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(team?.name ?? "");
  const [choices, setChoices] = useState<Record<string, Choice>>(() => Object.fromEntries((team?.members ?? []).map((member) => [member.userId, member.manager ? "manager" : "member"])));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { run, pending, failure, setFailure } = useRefreshingAction();
  const fields = { ...failure?.fields, ...errors };
  const prefix = team ? `team-${team.id}` : "new-team";

  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (!next) {
      setErrors({});
      setFailure(null);
      if (!team) setName("");
    }
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    // The schema (and zod with it) is loaded on submit, not with the page: first-load JavaScript budget.
    const { createTeamSchema, updateTeamSchema } = await import("@/lib/teams/schemas");
    if (!team) {
      const parsed = createTeamSchema.safeParse({ name });
      setErrors(parsed.success ? {} : issuesToFields(parsed.error.issues));
      if (parsed.success) run(() => createTeamAction({ name }), () => onOpenChange(false));
      return;
    }
    const members = Object.entries(choices)
      .filter(([, choice]) => choice !== "none")
      .map(([userId, choice]) => ({ userId, manager: choice === "manager" }));
    const input = { teamId: team.id, name, members };
    const parsed = updateTeamSchema.safeParse(input);
    setErrors(parsed.success ? {} : issuesToFields(parsed.error.issues));
    if (parsed.success) run(() => updateTeamAction(input), () => onOpenChange(false));
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        {team ? (
          <Button variant="outline" size="sm" aria-label={`Edit team ${team.name}`}>
            <Pencil aria-hidden /> Edit
          </Button>
        ) : (
          <Button>
            <Plus aria-hidden /> New team
          </Button>
        )}
      </DialogTrigger>
      <DialogContent className="max-h-[90dvh] overflow-y-auto">
        <DialogHeader>
          <DialogTitle>{team ? `Edit team ${team.name}` : "New team"}</DialogTitle>
          <DialogDescription>{team ? "Rename it, and choose who is in it and who manages it. A team may have several managers." : "Add members after creating it."}</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} noValidate className="grid gap-4">
          <FormField id={`${prefix}-name`} label="Team name" error={fields.name}>
            <Input {...fieldProps(`${prefix}-name`, fields.name)} value={name} onChange={(event) => setName(event.target.value)} maxLength={100} autoComplete="off" />
          </FormField>
          {team ? (
            <fieldset className="grid gap-2">
              <legend className="text-sm font-medium">Members</legend>
              {people.map((person) => (
                <div key={person.id} className="grid grid-cols-[1fr_auto] items-center gap-2">
                  <label htmlFor={`${prefix}-member-${person.id}`} className="text-sm">
                    {person.name}
                    {person.otherTeams.length ? <span className="text-muted-foreground block text-xs">Also in {person.otherTeams.join(", ")}</span> : null}
                  </label>
                  <NativeSelect
                    id={`${prefix}-member-${person.id}`}
                    className="w-40"
                    value={choices[person.id] ?? "none"}
                    onChange={(event) => setChoices((current) => ({ ...current, [person.id]: event.target.value as Choice }))}
                  >
                    <option value="none">Not a member</option>
                    <option value="member">Member</option>
                    <option value="manager">Manager</option>
                  </NativeSelect>
                </div>
              ))}
              {fields.members ? <p className="text-destructive text-xs">{fields.members}</p> : null}
            </fieldset>
          ) : null}
          <ActionFailureAlert failure={failure} shownFields={["name", "members"]} />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending} aria-busy={pending}>
              {pending ? "Saving…" : team ? "Save team" : "Create team"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
