"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import { ActionFailureAlert } from "@/components/cards/action-failure";
import { fieldProps, FormField, issuesToFields } from "@/components/forms/form-field";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { acceptInvitationAction } from "@/lib/actions/account/accept-invitation";
import type { ActionFailure } from "@/lib/actions/result";

export function AcceptInvitationForm({ token, email }: { token: string; email: string }) {
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [done, setDone] = useState(false);
  const [pending, startTransition] = useTransition();
  const fields = { ...failure?.fields, ...errors };

  if (done) {
    return (
      <div className="grid gap-4">
        <Alert>Your password is set. Sign in with {email} and your new password.</Alert>
        <Button asChild>
          <Link href="/sign-in">Go to sign in</Link>
        </Button>
      </div>
    );
  }

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    // The schema (and zod with it) is loaded on submit, not with the page: first-load JavaScript budget.
    const { setPasswordSchema } = await import("@/lib/users/password-policy");
    const parsed = setPasswordSchema.safeParse({ password, confirm });
    setErrors(parsed.success ? {} : issuesToFields(parsed.error.issues));
    if (!parsed.success) return;
    startTransition(async () => {
      setFailure(null);
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
      <ActionFailureAlert failure={failure} shownFields={["password", "confirm"]} />
      <Button type="submit" disabled={pending} aria-busy={pending}>
        {pending ? "Saving…" : "Set password"}
      </Button>
    </form>
  );
}
