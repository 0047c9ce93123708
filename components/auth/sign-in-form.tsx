"use client";

import { startTransition, useActionState, useState } from "react";
import { FormField, fieldProps } from "@/components/forms/form-field";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { signInAction, type SignInState } from "@/lib/actions/auth/sign-in";

/**
 * Email and password, then (for people with an authenticator) a second step asking for the code. The password stays
 * in this component's memory between the two steps and is sent again with the code; it is never echoed by the server.
 */
export function SignInForm({ callbackUrl }: { callbackUrl?: string }) {
  const [state, formAction, pending] = useActionState<SignInState, FormData>(signInAction, {});
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [useRecovery, setUseRecovery] = useState(false);

  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    data.set("email", email);
    data.set("password", password);
    // Called directly (not as the form's action) so React does not reset the fields between the two steps.
    startTransition(() => formAction(data));
  };

  if (state.twoFactor) {
    return (
      <form method="post" onSubmit={submit} className="grid gap-4" noValidate>
        <input type="hidden" name="callbackUrl" value={callbackUrl ?? "/"} />
        <p className="text-muted-foreground text-sm">
          {useRecovery ? "Enter one of the recovery codes you saved when you set up two-factor sign-in. Each works once." : "Enter the 6-digit code from your authenticator app."}
        </p>
        <FormField id="code" label={useRecovery ? "Recovery code" : "Authentication code"} error={state.fields?.code}>
          <Input
            {...fieldProps("code", state.fields?.code)}
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
        <Button type="submit" disabled={pending} aria-busy={pending}>
          {pending ? "Checking…" : "Verify and sign in"}
        </Button>
        <Button type="button" variant="link" className="h-auto p-0" onClick={() => setUseRecovery((value) => !value)}>
          {useRecovery ? "Use the code from my authenticator app" : "Use a recovery code instead"}
        </Button>
      </form>
    );
  }

  return (
    <form method="post" onSubmit={submit} className="grid gap-4" noValidate>
      {state.error ? <Alert variant="destructive">{state.error}</Alert> : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? "/"} />
      <FormField id="email" label="Email" error={state.fields?.email}>
        <Input
          {...fieldProps("email", state.fields?.email)}
          name="email"
          type="email"
          autoComplete="username"
          autoFocus
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
      </FormField>
      <FormField id="password" label="Password" error={state.fields?.password}>
        <Input
          {...fieldProps("password", state.fields?.password)}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
      </FormField>
      <Button type="submit" disabled={pending} aria-busy={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
