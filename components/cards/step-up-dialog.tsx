"use client";

import { useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { reauthenticateAction } from "@/lib/actions/auth/reauthenticate";
import { FormField, fieldProps } from "@/components/forms/form-field";

/**
 * Asks the signed-in person to prove it is them (authenticator code if enrolled, else password). `purpose` ends the
 * sentence "Enter your password …", e.g. "to see the card details".
 */
export function StepUpDialog({
  open,
  onOpenChange,
  usesTotp,
  purpose,
  onConfirmed,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  usesTotp: boolean;
  purpose: string;
  onConfirmed: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [pending, setPending] = useState(false);
  const field = usesTotp ? "code" : "password";
  const input = useRef<HTMLInputElement>(null);
  // Its callers mount it as it opens, so what has focus now is what asked (a Save, Add approval threshold, Reveal):
  // focus goes back there when it closes, confirmed or cancelled. The dialog cannot note it itself: the autofocused
  // field below takes focus before the dialog opens, and is gone with it, which left focus on the page's <body>.
  const [opener] = useState(() => (typeof document === "undefined" || !(document.activeElement instanceof HTMLElement) ? null : document.activeElement));

  // A problem on the field takes focus there, so a screen reader reads the field with its error (fieldProps).
  const refuseOnField = (problem: string) => {
    setFieldError(problem);
    input.current?.focus();
  };

  async function submit(formData: FormData) {
    if (pending) return;
    setError(null);
    setFieldError(undefined);
    const secret = String(formData.get(field) ?? "");
    if (secret.trim() === "") return refuseOnField(usesTotp ? "Enter the code from your authenticator app." : "Enter your password.");
    setPending(true);
    const result = await reauthenticateAction(usesTotp ? { code: secret } : { password: secret });
    setPending(false);
    if (result.ok) {
      onOpenChange(false);
      onConfirmed();
      return;
    }
    if (result.error.fields?.[field]) refuseOnField(result.error.fields[field]);
    else setError(result.error.message);
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent returnFocus={() => opener}>
        <DialogHeader>
          <DialogTitle>Confirm it&apos;s you</DialogTitle>
          <DialogDescription>
            {usesTotp ? "Enter the code from your authenticator app" : "Enter your password"} {purpose}. You won&apos;t be asked again for 5 minutes.
          </DialogDescription>
        </DialogHeader>
        <form action={submit} noValidate className="grid gap-4">
          {error ? <Alert variant="destructive">{error}</Alert> : null}
          <FormField id="step-up-secret" label={usesTotp ? "Authentication code" : "Password"} error={fieldError}>
            <Input
              {...fieldProps("step-up-secret", fieldError)}
              name={field}
              type={usesTotp ? "text" : "password"}
              inputMode={usesTotp ? "numeric" : undefined}
              autoComplete={usesTotp ? "one-time-code" : "current-password"}
              ref={input}
              autoFocus
            />
          </FormField>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            {/* aria-disabled, not disabled, while checking: a disabled button drops keyboard focus to <body>. */}
            <Button type="submit" aria-disabled={pending || undefined} aria-busy={pending} className="aria-disabled:opacity-50">
              {pending ? "Checking…" : "Confirm"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
