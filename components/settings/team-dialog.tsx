"use client";

import { useState } from "react";
import { Pencil, Plus } from "lucide-react";
import { ActionFailureAlert, CHECKS_NOT_LOADED, fieldsNeedAttention } from "@/components/cards/action-failure";
import { fieldProps, FormField, issuesToFields } from "@/components/forms/form-field";
import { useFocusFirstProblem } from "@/components/forms/use-focus-first-problem";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { PersonPicker } from "@/components/people/person-picker";
import { personLabel } from "@/components/people/person-choice";
import { createTeamAction } from "@/lib/actions/teams/create-team";
import { updateTeamAction } from "@/lib/actions/teams/update-team";
import { useRefreshingAction } from "@/components/forms/use-refreshing-action";
import { useStepUpRetry } from "./use-step-up-retry";

type Choice = "none" | "member" | "manager";
export type TeamMemberView = { userId: string; name: string; active: boolean; manager: boolean; otherTeams: string[] };
type MemberRow = { userId: string; label: string; otherTeams: string[]; choice: Choice };

function memberRows(members: readonly TeamMemberView[]): MemberRow[] {
  return members.map((member) => ({ userId: member.userId, label: personLabel(member), otherTeams: member.otherTeams, choice: member.manager ? "manager" : "member" }));
}

/**
 * Creates a team, or renames one and sets its members and managers (moving someone = out of one team, into another).
 * Lists the team's members; others are added by searching on the server, so the page never carries the whole company.
 * The search never offers the signed-in administrator (`selfId`): nobody adds themselves to a team (the server refuses
 * it too); they may keep or give up a place they hold.
 * A change of members or managers asks the administrator to confirm it's them first when their last sign-in or
 * confirmation is more than a few minutes old (`adminUsesTotp`: with their authenticator code, else their password);
 * creating a team or a rename alone does not.
 */
export function TeamDialog({
  team,
  teamNames = {},
  adminUsesTotp,
  selfId,
}: {
  team?: { id: string; name: string; members: TeamMemberView[] };
  teamNames?: Record<string, string>;
  adminUsesTotp: boolean;
  selfId: string;
}) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(team?.name ?? "");
  const [members, setMembers] = useState<MemberRow[]>(() => memberRows(team?.members ?? []));
  // The members as this opening showed them: the server refuses the edit if someone changed them meanwhile.
  const [loadedMembers, setLoadedMembers] = useState(() => (team?.members ?? []).map(({ userId, manager }) => ({ userId, manager })));
  const [added, setAdded] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { run, pending, failure: anyFailure, setFailure } = useRefreshingAction();
  const { runAsking, shown, stepUpDialog } = useStepUpRetry(
    run,
    team ? { usesTotp: adminUsesTotp, purpose: `to change the members or managers of ${team.name}` } : undefined,
  );
  const failure = shown(anyFailure);
  const fields = { ...failure?.fields, ...errors };
  const prefix = team ? `team-${team.id}` : "new-team";
  // As Settings → General: the problems found before sending are counted in the alert the server's refusal uses, and
  // either way focus goes to the first field (or the members) with a problem, whose message it then reads, not left on
  // the button.
  const targets = (["name", "members"] as const).map((key) => [key, `${prefix}-${key}`] as const);
  const problemCount = Object.keys(errors).length;
  const summary = failure ?? (problemCount > 0 ? { code: "invalid_input" as const, message: fieldsNeedAttention(problemCount), fields: errors } : null);
  useFocusFirstProblem({ targets, problems: fields, alert: { id: `${prefix}-problems`, shown: summary !== null } }, failure, errors);

  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (next) {
      // Each opening starts from the team as the page now shows it: changes left by Cancel are forgotten, and after a
      // save the refreshed page holds what was saved.
      setName(team?.name ?? "");
      setMembers(memberRows(team?.members ?? []));
      setLoadedMembers((team?.members ?? []).map(({ userId, manager }) => ({ userId, manager })));
      setAdded(null);
    } else {
      setErrors({});
      setFailure(null);
    }
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (pending) return;
    // The schema (and zod with it) is loaded on submit, not with the page: first-load JavaScript budget.
    const schemas = await import("@/lib/teams/schemas").catch(() => null);
    if (!schemas) {
      setErrors({});
      setFailure({ code: "internal", message: CHECKS_NOT_LOADED });
      return;
    }
    const { createTeamSchema, updateTeamSchema } = schemas;
    // Cleared with the local problems, in one render: the last failure's field must not take focus as this one is sent.
    setFailure(null);
    if (!team) {
      const parsed = createTeamSchema.safeParse({ name });
      setErrors(parsed.success ? {} : issuesToFields(parsed.error.issues));
      if (parsed.success) run(() => createTeamAction({ name }), () => onOpenChange(false));
      return;
    }
    const input = {
      teamId: team.id,
      name,
      members: members.filter((member) => member.choice !== "none").map((member) => ({ userId: member.userId, manager: member.choice === "manager" })),
      loadedMembers,
    };
    const parsed = updateTeamSchema.safeParse(input);
    setErrors(parsed.success ? {} : issuesToFields(parsed.error.issues));
    if (parsed.success) runAsking(() => updateTeamAction(input), () => onOpenChange(false));
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
          <DialogDescription>{team ? "Rename it, and choose who is in it and who manages it. A team may have several managers; each needs the manager role." : "Add members after creating it."}</DialogDescription>
        </DialogHeader>
        <form method="post" onSubmit={submit} noValidate className="grid gap-4">
          <FormField id={`${prefix}-name`} label="Team name" error={fields.name}>
            <Input {...fieldProps(`${prefix}-name`, fields.name)} value={name} onChange={(event) => setName(event.target.value)} maxLength={100} autoComplete="off" />
          </FormField>
          {team ? (
            <fieldset id={`${prefix}-members`} tabIndex={-1} className="grid gap-2" aria-describedby={fields.members ? `${prefix}-members-error` : undefined}>
              <legend className="text-sm font-medium">Members</legend>
              {members.length === 0 ? <p className="text-muted-foreground text-sm">No members yet.</p> : null}
              {members.map((member) => (
                <div key={member.userId} className="grid grid-cols-[1fr_auto] items-center gap-2">
                  <label htmlFor={`${prefix}-member-${member.userId}`} className="text-sm">
                    {member.label}
                    {member.otherTeams.length ? <span className="text-muted-foreground block text-xs">Also in {member.otherTeams.join(", ")}</span> : null}
                  </label>
                  <NativeSelect
                    id={`${prefix}-member-${member.userId}`}
                    className="w-40"
                    value={member.choice}
                    onChange={(event) => {
                      const choice = event.target.value as Choice;
                      setMembers((current) => current.map((row) => (row.userId === member.userId ? { ...row, choice } : row)));
                    }}
                  >
                    <option value="none">Not a member</option>
                    <option value="member">Member</option>
                    <option value="manager">Manager</option>
                  </NativeSelect>
                </div>
              ))}
              <div className="grid gap-1.5 pt-2">
                <label htmlFor={`${prefix}-add`} className="text-sm font-medium">
                  Add a person
                </label>
                <PersonPicker
                  id={`${prefix}-add`}
                  purpose="member"
                  value={null}
                  inline
                  clearOnChoose
                  noneLabel="Type a name or email"
                  excludeIds={[selfId, ...members.map((member) => member.userId)]}
                  onChange={(person) => {
                    if (!person) return;
                    const otherTeams = (person.teamIds ?? []).filter((id) => id !== team.id).map((id) => teamNames[id] ?? "another team");
                    setMembers((current) => [...current, { userId: person.id, label: personLabel(person), otherTeams, choice: "member" }]);
                    setAdded(personLabel(person));
                  }}
                />
                <p className="text-muted-foreground text-xs" role="status">
                  {added ? `Added ${added} as a member. ` : ""}Choose Manager beside a name to make them one.
                </p>
              </div>
              {fields.members ? (
                <p id={`${prefix}-members-error`} className="text-destructive text-xs">
                  {fields.members}
                </p>
              ) : null}
              {/* Said before the save, not found out after: the team's requests then wait for finance (lib/requests/policy.ts). */}
              <p role="status" className="text-sm font-medium empty:hidden">
                {loadedMembers.some((member) => member.manager) && !members.some((member) => member.choice === "manager") && members.some((member) => member.choice === "member")
                  ? `${team.name} will have no manager: finance approves in the manager's place the requests of its members until you name one.`
                  : ""}
              </p>
            </fieldset>
          ) : null}
          {summary ? (
            <div id={`${prefix}-problems`} tabIndex={-1} className="focus-visible:ring-ring/50 rounded-lg outline-none focus-visible:ring-[3px]">
              <ActionFailureAlert failure={summary} shownFields={targets.map(([key]) => key)} />
            </div>
          ) : null}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            {/* Not `disabled` while saving: a disabled button drops focus to the page's <body>, and the step-up dialog
                returns focus to what had it when it opened. */}
            <Button type="submit" aria-disabled={pending || undefined} aria-busy={pending} className="aria-disabled:opacity-50">
              {pending ? "Saving…" : team ? "Save team" : "Create team"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
      {stepUpDialog}
    </Dialog>
  );
}
