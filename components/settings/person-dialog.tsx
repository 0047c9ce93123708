"use client";

import { useState } from "react";
import { Pencil, UserPlus } from "lucide-react";
import { ActionFailureAlert, CHECKS_NOT_LOADED, fieldsNeedAttention } from "@/components/cards/action-failure";
import { fieldProps, FormField, issuesToFields } from "@/components/forms/form-field";
import { useFocusFirstProblem } from "@/components/forms/use-focus-first-problem";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import type { Role } from "@/db/schema/users";
import { leavesWithoutManagerNote, soleManagerNote } from "@/lib/teams/manager-notes";
import { loadPeopleCalls, OneTimeLink } from "./people-lazy";
import { ROLE_OPTIONS } from "./role-labels";
import { useRefreshingAction } from "@/components/forms/use-refreshing-action";
import { useStepUpRetry } from "./use-step-up-retry";

type TeamChoice = "none" | "member" | "manager";
export type PersonFormValues = { id: string; name: string; email: string; roles: Role[]; teams: { id: string; manager: boolean }[] };

function loadedOf(person: PersonFormValues | undefined) {
  return { roles: person?.roles ?? [], teams: (person?.teams ?? []).map((team) => ({ teamId: team.id, manager: team.manager })) };
}

function membershipOf(person: PersonFormValues | undefined): Record<string, TeamChoice> {
  return Object.fromEntries((person?.teams ?? []).map((team) => [team.id, team.manager ? "manager" : "member"]));
}

/**
 * Adds a person (invitation link or initial password) or edits one: name, roles and teams in one form. Adding someone,
 * or changing roles or teams, asks the administrator to confirm it's them first when their last sign-in or
 * confirmation is more than a few minutes old (`adminUsesTotp`: with their authenticator code, else their password).
 */
export function PersonDialog({
  person,
  teams,
  isSelf = false,
  adminUsesTotp,
  soleManagerOf = [],
  defaultOpen = false,
}: {
  person?: PersonFormValues;
  teams: { id: string; name: string }[];
  isSelf?: boolean;
  adminUsesTotp: boolean;
  /** The teams they are the only manager of (listSoleTeamManagers), told beside their teams before a change leaves one without. */
  soleManagerOf?: { id: string; name: string }[];
  /** Open when first drawn: loaded by the page's button when it was first used (DeferredDialog). */
  defaultOpen?: boolean;
}) {
  const editing = Boolean(person);
  const [open, setOpen] = useState(defaultOpen);
  const [name, setName] = useState(person?.name ?? "");
  const [email, setEmail] = useState(person?.email ?? "");
  const [roles, setRoles] = useState<Role[]>(person?.roles ?? ["employee"]);
  const [membership, setMembership] = useState<Record<string, TeamChoice>>(() => membershipOf(person));
  // The roles and teams as the dialog showed them when it opened: the server refuses the edit if they changed since.
  // Kept from the opening, not read from the page at save: a refresh while open (after a conflict) must not pass.
  const [loaded, setLoaded] = useState(() => loadedOf(person));
  const [method, setMethod] = useState<"invite" | "password">("invite");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [invitation, setInvitation] = useState<{ url: string; expiresAt: string } | null>(null);
  // What the last save did, said beside the button that opened the dialog (focus returns to it): the dialog closes
  // on success, and the row's new roles alone do not tell a screen-reader user that it worked.
  const [saved, setSaved] = useState("");
  const { run, pending, failure: anyFailure, setFailure } = useRefreshingAction();
  const { runAsking, shown, stepUpDialog } = useStepUpRetry(run, {
    usesTotp: adminUsesTotp,
    purpose: person ? `to change ${person.name}'s roles or teams` : "to add a person",
  });
  const failure = shown(anyFailure);
  const fields = { ...failure?.fields, ...errors };
  const prefix = person ? `person-${person.id}` : "new-person";
  // As Settings → General: the problems found before sending are counted in the alert the server's refusal uses, and
  // either way focus goes to the first field (or group) with a problem, whose message it then reads, not left on the
  // button. In the form's order.
  const targets = (["name", "email", "roles", "teams", "password"] as const).map((key) => [key, `${prefix}-${key}`] as const);
  // Worded as the choices change: which of their teams the edit as it stands would leave with nobody to approve requests
  // (the server's own rule, lib/teams/teams-left-without-manager.ts: the manager role, and marked the team's manager).
  const leftWithoutManager = soleManagerOf.filter((team) => !roles.includes("manager") || membership[team.id] !== "manager").map((team) => team.name);
  const managerNote =
    leavesWithoutManagerNote(leftWithoutManager) ?? (person ? soleManagerNote(person.name, soleManagerOf.map((team) => team.name)) : null);
  const problemCount = Object.keys(errors).length;
  const summary = failure ?? (problemCount > 0 ? { code: "invalid_input" as const, message: fieldsNeedAttention(problemCount), fields: errors } : null);
  useFocusFirstProblem({ targets, problems: fields, alert: { id: `${prefix}-problems`, shown: summary !== null } }, failure, errors);

  // Every field starts again from the person as the page shows them (or empty) each time the dialog opens or closes: an
  // edit that was cancelled (a role ticked) must not come back and be saved with the next change.
  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (next) setSaved("");
    setErrors({});
    setFailure(null);
    setInvitation(null);
    setPassword("");
    setName(person?.name ?? "");
    setEmail(person?.email ?? "");
    setRoles(person?.roles ?? ["employee"]);
    setMembership(membershipOf(person));
    setLoaded(loadedOf(person));
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (pending) return;
    // The schema (and zod with it), the actions and the invitation link are loaded on submit, not with the page:
    // first-load JavaScript budget.
    const sending = await Promise.all([import("@/lib/users/schemas"), loadPeopleCalls()]).catch(() => null);
    if (!sending) {
      setErrors({});
      setFailure({ code: "internal", message: CHECKS_NOT_LOADED });
      return;
    }
    const [{ createPersonSchema, updatePersonSchema, MANAGER_ROLE_NEEDED, namedManagerWithoutRole }, { createPersonAction, updatePersonAction }] = sending;
    const teamList = Object.entries(membership)
      .filter(([, choice]) => choice !== "none")
      .map(([teamId, choice]) => ({ teamId, manager: choice === "manager" }));
    // Cleared with the local problems, in one render: the last failure's field must not take focus as this one is sent.
    setFailure(null);
    if (person) {
      const input = { userId: person.id, name, roles, teams: teamList, loaded };
      const parsed = updatePersonSchema.safeParse(input);
      const problems = parsed.success ? {} : issuesToFields(parsed.error.issues);
      // Shown beside the other problems, so they come at once: alone, it is the server's to refuse (after its four-eyes
      // checks, which audit an administrator making themselves a manager).
      if (!parsed.success && !problems.teams && namedManagerWithoutRole(roles, teamList)) problems.teams = MANAGER_ROLE_NEEDED;
      setErrors(problems);
      if (parsed.success) {
        runAsking(
          () => updatePersonAction(input),
          (data) => {
            onOpenChange(false);
            setSaved(`${input.name.trim()}: ${data.changed ? "changes saved" : "nothing to save, nothing had changed"}.${data.notice ? ` ${data.notice}` : ""}`);
          },
        );
      }
      return;
    }
    const input = method === "invite" ? { method, name, email, roles, teams: teamList } : { method, name, email, roles, teams: teamList, password };
    const parsed = createPersonSchema.safeParse(input);
    setErrors(parsed.success ? {} : issuesToFields(parsed.error.issues));
    if (parsed.success) {
      runAsking(
        () => createPersonAction(input),
        (data) => {
          if (data.invitation) setInvitation(data.invitation);
          else onOpenChange(false);
          setSaved(`${input.name.trim()} is ${data.invitation ? "invited" : "added"}.`);
        },
      );
    }
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        {editing ? (
          <Button variant="outline" size="sm" aria-label={`Edit ${person!.name}`}>
            <Pencil aria-hidden /> Edit
          </Button>
        ) : (
          <Button>
            <UserPlus aria-hidden /> Add person
          </Button>
        )}
      </DialogTrigger>
      <DialogContent className="max-h-[90dvh] overflow-y-auto">
        <DialogHeader>
          <DialogTitle>{editing ? `Edit ${person!.name}` : invitation ? "Invitation ready" : "Add person"}</DialogTitle>
          <DialogDescription>
            {invitation
              ? "Send this link to the person yourself. It works once and expires in 7 days; it is not shown again."
              : editing
                ? isSelf
                  ? "Your name, and roles or teams you give up. Nobody gives themselves access: another administrator adds roles or teams to your account."
                  : "Name, roles and teams. Role changes apply from the person's next request."
                : "They get an invitation link to choose a password, or an initial password they must change at first sign-in."}
          </DialogDescription>
        </DialogHeader>
        {invitation ? (
          <div className="grid gap-4">
            <OneTimeLink id="invitation-link" label="Invitation link" url={invitation.url} expiresAt={invitation.expiresAt} />
            <DialogFooter>
              <Button type="button" onClick={() => onOpenChange(false)}>
                Done
              </Button>
            </DialogFooter>
          </div>
        ) : (
          <form method="post" onSubmit={submit} noValidate className="grid gap-4">
            <FormField id={`${prefix}-name`} label="Name" error={fields.name}>
              <Input {...fieldProps(`${prefix}-name`, fields.name)} value={name} onChange={(event) => setName(event.target.value)} autoComplete="off" maxLength={200} />
            </FormField>
            {editing ? null : (
              <FormField id={`${prefix}-email`} label="Email" error={fields.email}>
                <Input {...fieldProps(`${prefix}-email`, fields.email)} type="email" value={email} onChange={(event) => setEmail(event.target.value)} autoComplete="off" />
              </FormField>
            )}
            <fieldset id={`${prefix}-roles`} tabIndex={-1} className="grid gap-2" aria-describedby={fields.roles ? `${prefix}-roles-error` : undefined}>
              <legend className="text-sm font-medium">Roles</legend>
              {ROLE_OPTIONS.map((option) => (
                <label key={option.role} className="flex items-start gap-2 text-sm">
                  <Checkbox
                    className="mt-0.5"
                    disabled={isSelf && !person!.roles.includes(option.role)}
                    checked={roles.includes(option.role)}
                    onChange={(event) => setRoles((current) => (event.target.checked ? [...current, option.role] : current.filter((role) => role !== option.role)))}
                  />
                  <span>
                    {option.label} <span className="text-muted-foreground">— {option.description}</span>
                  </span>
                </label>
              ))}
              {fields.roles ? (
                <p id={`${prefix}-roles-error`} className="text-destructive text-xs">
                  {fields.roles}
                </p>
              ) : null}
            </fieldset>
            {teams.length > 0 ? (
              <fieldset id={`${prefix}-teams`} tabIndex={-1} className="grid gap-2" aria-describedby={`${prefix}-teams-hint${fields.teams ? ` ${prefix}-teams-error` : ""}`}>
                <legend className="text-sm font-medium">Teams</legend>
                <p id={`${prefix}-teams-hint`} className="text-muted-foreground text-xs">
                  Requests go to the team&apos;s manager: someone in no team cannot ask for a card.
                  {/* In the hint, so the teams' group is described with it too; said again when a choice changes it. */}
                  {managerNote ? (
                    <span aria-live="polite" className="border-warning text-foreground mt-1 block border-l-2 pl-2">
                      {managerNote}
                    </span>
                  ) : null}
                </p>
                {teams.map((team) => (
                  <div key={team.id} className="grid grid-cols-[minmax(0,1fr)_auto] items-center gap-2">
                    <label htmlFor={`${prefix}-team-${team.id}`} className="text-sm wrap-anywhere">
                      {team.name}
                    </label>
                    <NativeSelect
                      id={`${prefix}-team-${team.id}`}
                      className="w-40"
                      value={membership[team.id] ?? "none"}
                      onChange={(event) => setMembership((current) => ({ ...current, [team.id]: event.target.value as TeamChoice }))}
                    >
                      <option value="none">Not a member</option>
                      <option value="member" disabled={isSelf && !person!.teams.some((held) => held.id === team.id)}>
                        Member
                      </option>
                      <option value="manager" disabled={isSelf && !person!.teams.some((held) => held.id === team.id && held.manager)}>
                        Manager
                      </option>
                    </NativeSelect>
                  </div>
                ))}
                {fields.teams ? (
                  <p id={`${prefix}-teams-error`} className="text-destructive text-xs">
                    {fields.teams}
                  </p>
                ) : null}
              </fieldset>
            ) : null}
            {editing ? null : (
              <fieldset className="grid gap-2">
                <legend className="text-sm font-medium">How they sign in the first time</legend>
                <label className="flex items-center gap-2 text-sm">
                  <input type="radio" name={`${prefix}-method`} checked={method === "invite"} onChange={() => setMethod("invite")} className="accent-primary" />
                  Send an invitation link (they choose their password)
                </label>
                <label className="flex items-center gap-2 text-sm">
                  <input type="radio" name={`${prefix}-method`} checked={method === "password"} onChange={() => setMethod("password")} className="accent-primary" />
                  Set a password for them now (they must change it at first sign-in)
                </label>
                {method === "password" ? (
                  <FormField id={`${prefix}-password`} label="Initial password" error={fields.password} hint="At least 12 characters. Hand it over in person or by a separate channel.">
                    <Input {...fieldProps(`${prefix}-password`, fields.password, "hint")} type="password" value={password} onChange={(event) => setPassword(event.target.value)} autoComplete="new-password" />
                  </FormField>
                ) : null}
              </fieldset>
            )}
            {summary ? (
              <div id={`${prefix}-problems`} tabIndex={-1} className="focus-visible:ring-ring/50 rounded-lg outline-none focus-visible:ring-[3px]">
                <ActionFailureAlert failure={summary} shownFields={targets.map(([key]) => key)} />
              </div>
            ) : null}
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              {/* Not `disabled` while saving: a disabled button drops focus to the page's <body>, and the step-up
                  dialog returns focus to what had it when it opened. */}
              <Button type="submit" aria-disabled={pending || undefined} aria-busy={pending} className="aria-disabled:opacity-50">
                {pending ? "Saving…" : editing ? "Save changes" : method === "invite" ? "Create invitation" : "Add person"}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
      {stepUpDialog}
      <span role="status" className={saved ? "text-muted-foreground order-last basis-full text-xs lg:text-right" : "sr-only"}>
        {saved}
      </span>
    </Dialog>
  );
}
