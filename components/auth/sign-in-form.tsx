"use client";

import { startTransition, useActionState, useState } from "react";
import { FormField, fieldProps } from "@/components/forms/form-field";
import { useFocusFirstProblem } from "@/components/forms/use-focus-first-problem";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { signInAction, type SignInState } from "@/lib/actions/auth/sign-in";

const PASSWORD_STEP = [["email", "email"], ["password", "password"]] as const;
const CODE_STEP = [["code", "code"]] as const;
const ERROR_ID = "sign-in-error";

/**
 * Email and password, then (for people with an authenticator) a second step asking for the code. The password stays
 * in this component's memory between the two steps and is sent again with the code; it is never echoed by the server.
 */
export function SignInForm({ callbackUrl }: { callbackUrl?: string }) {
  const [state, formAction, pending] = useActionState<SignInState, FormData>(signInAction, {});
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [useRecovery, setUseRecovery] = useState(false);
  // A code step sent without a code: said on the field here (the server would only ask for the code again).
  const [codeMissing, setCodeMissing] = useState<{ message: string } | null>(null);
  const fields = { ...state.fields, ...(codeMissing ? { code: codeMissing.message } : {}) };
  useFocusFirstProblem({ targets: state.twoFactor ? CODE_STEP : PASSWORD_STEP, problems: fields, alert: { id: ERROR_ID, shown: Boolean(state.error) } }, state, codeMissing);

  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const data = new FormData(event.currentTarget);
    if (state.twoFactor && !String(data.get("code") ?? "").trim()) {
      setCodeMissing({ message: useRecovery ? "Enter one of your recovery codes." : "Enter the 6-digit code from your authenticator app." });
      return;
    }
    setCodeMissing(null);
    data.set("email", email);
    data.set("password", password);
    // Called directly (not as the form's action) so React does not reset the fields between the two steps.
    startTransition(() => formAction(data));
  };

  // Not `disabled` while signing in: a disabled button drops keyboard focus to the page's <body>.
  const submitButton = (label: string, busyLabel: string) => (
    <Button type="submit" aria-disabled={pending || undefined} aria-busy={pending} className="aria-disabled:opacity-50">
      {pending ? busyLabel : label}
    </Button>
  );

  if (state.twoFactor) {
    return (
      <form method="post" onSubmit={submit} className="grid gap-4" noValidate>
        <input type="hidden" name="callbackUrl" value={callbackUrl ?? "/"} />
        <p className="text-muted-foreground text-sm">
          {useRecovery ? "Enter one of the recovery codes you saved when you set up two-factor sign-in. Each works once." : "Enter the 6-digit code from your authenticator app."}
        </p>
        <FormField id="code" label={useRecovery ? "Recovery code" : "Authentication code"} error={fields.code}>
          <Input
            {...fieldProps("code", fields.code)}
            key={useRecovery ? "recovery" : "totp"}
            name="code"
            autoComplete="one-time-code"
            inputMode={useRecovery ? "text" : "numeric"}
            autoFocus
            required
            maxLength={useRecovery ? 11 : 6}
            placeholder={useRecovery ? "xxxxx-xxxxx" : "123456"}
          />
        </FormField>
        {submitButton("Verify and sign in", "Checking…")}
        <Button
          type="button"
          variant="link"
          className="h-auto p-0"
          onClick={() => {
            setCodeMissing(null);
            setUseRecovery((value) => !value);
          }}
        >
          {useRecovery ? "Use the code from my authenticator app" : "Use a recovery code instead"}
        </Button>
      </form>
    );
  }

  return (
    <form method="post" onSubmit={submit} className="grid gap-4" noValidate>
      {state.error ? (
        <Alert id={ERROR_ID} tabIndex={-1} variant="destructive" className="focus-visible:ring-ring/50 outline-none focus-visible:ring-[3px]">
          {state.error}
        </Alert>
      ) : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? "/"} />
      <FormField id="email" label="Email" error={fields.email}>
        <Input
          {...fieldProps("email", fields.email)}
          name="email"
          type="email"
          autoComplete="username"
          autoFocus
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
      </FormField>
      <FormField id="password" label="Password" error={fields.password}>
        <Input
          {...fieldProps("password", fields.password)}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
      </FormField>
      {submitButton("Sign in", "Signing in…")}
    </form>
  );
}
