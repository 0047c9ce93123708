"use client";

import { useState } from "react";
import Link from "next/link";
import { ActionFailureAlert } from "@/components/cards/action-failure";
import { ActionAnnouncement } from "@/components/forms/action-announcement";
import { fieldProps, FormField, issuesToFields } from "@/components/forms/form-field";
import { useFocusFirstProblem } from "@/components/forms/use-focus-first-problem";
import { useRefreshingAction } from "@/components/forms/use-refreshing-action";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { changePasswordAction } from "@/lib/actions/account/change-password";

const FIELDS = [["current", "current-password"], ["password", "new-password"], ["confirm", "confirm-password"]] as const;
const FAILURE_ID = "change-password-failure";

/** What the change did (lib/users/change-own-password.ts ends every other session of theirs and keeps this one). */
const PASSWORD_CHANGED = "Your password is changed. Anywhere else you were signed in, you are signed out; this browser stays signed in.";

/**
 * The change is said here, where focus is, before the person goes on (to the overview, or to the next required step):
 * leaving at once, as it did, said nothing of the change or of the other sessions it ended.
 */
export function ChangePasswordForm() {
  const [current, setCurrent] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const { run, pending, failure, setFailure } = useRefreshingAction();
  const fields = { ...failure?.fields, ...errors };
  useFocusFirstProblem({ targets: FIELDS, problems: fields, alert: { id: FAILURE_ID, shown: failure !== null } }, failure, errors);

  if (done) {
    return (
      <div className="grid max-w-sm gap-4">
        <ActionAnnouncement message={PASSWORD_CHANGED} label="Password changed" />
        <div>
          <Button asChild>
            <Link href="/">Continue to Cardhub</Link>
          </Button>
        </div>
      </div>
    );
  }

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (pending) return;
    // The schema (and zod with it) is loaded on submit, not with the page: first-load JavaScript budget.
    const { setPasswordSchema } = await import("@/lib/users/password-policy");
    const parsed = setPasswordSchema.safeParse({ password, confirm });
    const local = parsed.success ? {} : issuesToFields(parsed.error.issues);
    if (!current) local.current = "Enter your current password.";
    // Cleared with the local problems, in one render: the last failure's field must not take focus as this one is sent.
    setFailure(null);
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    run(
      () => changePasswordAction({ current, password, confirm }),
      () => {
        setDone(true);
        setCurrent("");
        setPassword("");
        setConfirm("");
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
      {failure ? (
        <div id={FAILURE_ID} tabIndex={-1} className="focus-visible:ring-ring/50 rounded-lg outline-none focus-visible:ring-[3px]">
          <ActionFailureAlert failure={failure} shownFields={["current", "password", "confirm"]} />
        </div>
      ) : null}
      <div>
        {/* Not `disabled` while saving: a disabled button drops keyboard focus to the page's <body>. */}
        <Button type="submit" aria-disabled={pending || undefined} aria-busy={pending} className="aria-disabled:opacity-50">
          {pending ? "Saving…" : "Change password"}
        </Button>
      </div>
    </form>
  );
}
