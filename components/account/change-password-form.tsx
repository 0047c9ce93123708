"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { ActionFailureAlert } from "@/components/cards/action-failure";
import { fieldProps, FormField, issuesToFields } from "@/components/forms/form-field";
import { useRefreshingAction } from "@/components/forms/use-refreshing-action";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { changePasswordAction } from "@/lib/actions/account/change-password";

export function ChangePasswordForm() {
  const router = useRouter();
  const [current, setCurrent] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const { run, pending, failure } = useRefreshingAction();
  const fields = { ...failure?.fields, ...errors };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    // The schema (and zod with it) is loaded on submit, not with the page: first-load JavaScript budget.
    const { setPasswordSchema } = await import("@/lib/users/password-policy");
    const parsed = setPasswordSchema.safeParse({ password, confirm });
    const local = parsed.success ? {} : issuesToFields(parsed.error.issues);
    if (!current) local.current = "Enter your current password.";
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    run(
      () => changePasswordAction({ current, password, confirm }),
      () => {
        setDone(true);
        setCurrent("");
        setPassword("");
        setConfirm("");
        router.push("/");
      },
    );
  };

  return (
    <form method="post" onSubmit={submit} noValidate className="grid max-w-sm gap-4">
      <FormField id="current-password" label="Current password" error={fields.current}>
        <Input {...fieldProps("current-password", fields.current)} type="password" autoComplete="current-password" value={current} onChange={(event) => setCurrent(event.target.value)} />
      </FormField>
      <FormField id="new-password" label="New password" error={fields.password}>
        <Input {...fieldProps("new-password", fields.password)} type="password" autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} />
      </FormField>
      <FormField id="confirm-password" label="New password again" error={fields.confirm}>
        <Input {...fieldProps("confirm-password", fields.confirm)} type="password" autoComplete="new-password" value={confirm} onChange={(event) => setConfirm(event.target.value)} />
      </FormField>
      <ActionFailureAlert failure={failure} shownFields={["current", "password", "confirm"]} />
      {done ? <Alert>Your password is changed.</Alert> : null}
      <div>
        <Button type="submit" disabled={pending} aria-busy={pending}>
          {pending ? "Saving…" : "Change password"}
        </Button>
      </div>
    </form>
  );
}
