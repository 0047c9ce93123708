"use client";

import { useActionState } from "react";
import { FormField, fieldProps } from "@/components/forms/form-field";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { signInAction, type SignInState } from "@/lib/actions/auth/sign-in";

export function SignInForm({ callbackUrl }: { callbackUrl?: string }) {
  const [state, formAction, pending] = useActionState<SignInState, FormData>(signInAction, {});
  return (
    <form action={formAction} className="grid gap-4" noValidate>
      {state.error ? <Alert variant="destructive">{state.error}</Alert> : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? "/"} />
      <FormField id="email" label="Email" error={state.fields?.email}>
        <Input {...fieldProps("email", state.fields?.email)} name="email" type="email" autoComplete="username" autoFocus required defaultValue={state.email} />
      </FormField>
      <FormField id="password" label="Password" error={state.fields?.password}>
        <Input {...fieldProps("password", state.fields?.password)} name="password" type="password" autoComplete="current-password" required />
      </FormField>
      <Button type="submit" disabled={pending} aria-busy={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
