"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import { ActionFailureAlert } from "@/components/cards/action-failure";
import { ActionAnnouncement } from "@/components/forms/action-announcement";
import { fieldProps, FormField, issuesToFields } from "@/components/forms/form-field";
import { useFocusFirstProblem } from "@/components/forms/use-focus-first-problem";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { acceptInvitationAction } from "@/lib/actions/account/accept-invitation";
import type { ActionFailure } from "@/lib/actions/result";

const FIELDS = [["password", "new-password"], ["confirm", "confirm-password"]] as const;
const FAILURE_ID = "invitation-failure";

export function AcceptInvitationForm({ token, email }: { token: string; email: string }) {
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [done, setDone] = useState(false);
  const [pending, startTransition] = useTransition();
  const fields = { ...failure?.fields, ...errors };
  useFocusFirstProblem({ targets: FIELDS, problems: fields, alert: { id: FAILURE_ID, shown: failure !== null } }, failure, errors);

  // The form whose button had focus is gone: the confirmation takes focus, so it is read out instead of focus falling
  // to <body>, and the next Tab reaches "Go to sign in".
  if (done) {
    return (
      <div className="grid gap-4">
        <ActionAnnouncement message={`Your password is set. Sign in with ${email} and your new password.`} label="Password set" />
        <Button asChild>
          <Link href="/sign-in">Go to sign in</Link>
        </Button>
      </div>
    );
  }

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (pending) return;
    // The schema (and zod with it) is loaded on submit, not with the page: first-load JavaScript budget.
    const { setPasswordSchema } = await import("@/lib/users/password-policy");
    const parsed = setPasswordSchema.safeParse({ password, confirm });
    // Cleared with the local problems, in one render: the last failure's field must not take focus as this one is sent.
    setFailure(null);
    setErrors(parsed.success ? {} : issuesToFields(parsed.error.issues));
    if (!parsed.success) return;
    startTransition(async () => {
      const result = await acceptInvitationAction({ token, password, confirm });
      if (result.ok) setDone(true);
      else setFailure(result.error);
    });
  };

  return (
    <form method="post" onSubmit={submit} noValidate className="grid gap-4">
      {/* Lets password managers save the new password against the right account. */}
      <input type="email" name="username" value={email} autoComplete="username" readOnly hidden />
      <FormField id="new-password" label="New password" error={fields.password} hint="At least 12 characters.">
        <Input {...fieldProps("new-password", fields.password, "hint")} type="password" autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} autoFocus />
      </FormField>
      <FormField id="confirm-password" label="New password again" error={fields.confirm}>
        <Input {...fieldProps("confirm-password", fields.confirm)} type="password" autoComplete="new-password" value={confirm} onChange={(event) => setConfirm(event.target.value)} />
      </FormField>
      {failure ? (
        <div id={FAILURE_ID} tabIndex={-1} className="focus-visible:ring-ring/50 rounded-lg outline-none focus-visible:ring-[3px]">
          <ActionFailureAlert failure={failure} shownFields={["password", "confirm"]} />
        </div>
      ) : null}
      {/* Not `disabled` while saving: a disabled button drops keyboard focus to the page's <body>. */}
      <Button type="submit" aria-disabled={pending || undefined} aria-busy={pending} className="aria-disabled:opacity-50">
        {pending ? "Saving…" : "Set password"}
      </Button>
    </form>
  );
}
