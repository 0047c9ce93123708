"use client";

import { lazy, Suspense, useState } from "react";
import Link from "next/link";
import { ShieldCheck } from "lucide-react";
import { ActionFailureAlert } from "@/components/cards/action-failure";
import { fieldProps, FormField } from "@/components/forms/form-field";
import { useRefreshingAction } from "@/components/forms/use-refreshing-action";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { confirmTwoFactorAction, disableTwoFactorAction, regenerateRecoveryCodesAction, startTwoFactorAction } from "@/lib/actions/account/two-factor";
import { RecoveryCodesList } from "./recovery-codes-list";

// Loaded only when the step-up has gone stale (a session signed in more than five minutes ago), as on the card page.
const StepUpDialog = lazy(() => import("@/components/cards/step-up-dialog").then((module) => ({ default: module.StepUpDialog })));

type Enrollment = { secret: string; otpauthUri: string; qrSvg: string };

function CodeForm({ id, label, submitLabel, onSubmit, pending, error, destructive }: { id: string; label: string; submitLabel: string; onSubmit: (code: string) => void; pending: boolean; error?: string; destructive?: boolean }) {
  const [code, setCode] = useState("");
  return (
    <form
      method="post"
      noValidate
      className="grid gap-3 sm:max-w-xs"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(code);
      }}
    >
      <FormField id={id} label={label} error={error}>
        <Input {...fieldProps(id, error)} value={code} onChange={(event) => setCode(event.target.value)} autoComplete="one-time-code" inputMode="numeric" maxLength={11} placeholder="123456" />
      </FormField>
      <div>
        <Button type="submit" variant={destructive ? "destructive" : "default"} disabled={pending} aria-busy={pending}>
          {pending ? "Checking…" : submitLabel}
        </Button>
      </div>
    </form>
  );
}

/** Set-up (QR code, secret as text, confirmation code, recovery codes), and once on: new recovery codes or turning it off. */
export function TwoFactorSettings({ enabled, required, recoveryCodesLeft }: { enabled: boolean; required: boolean; recoveryCodesLeft: number }) {
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [stepUpOpen, setStepUpOpen] = useState(false);
  const start = useRefreshingAction();
  const confirm = useRefreshingAction();
  const regenerate = useRefreshingAction();
  const disable = useRefreshingAction();

  if (recoveryCodes) {
    return (
      <Card>
        <CardHeader>
          <CardTitle>
            <h2 className="flex items-center gap-2">
              <ShieldCheck aria-hidden /> Two-factor sign-in is on
            </h2>
          </CardTitle>
          <CardDescription>From now on Cardhub asks for a code from your app when you sign in and before card details are shown.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <RecoveryCodesList codes={recoveryCodes} />
          <div>
            <Button asChild>
              <Link href="/">I saved them — continue to Cardhub</Link>
            </Button>
          </div>
        </CardContent>
      </Card>
    );
  }

  if (enabled) {
    return (
      <div className="grid gap-6">
        <Alert>
          <p className="flex items-center gap-2 font-medium">
            <ShieldCheck aria-hidden className="size-4" /> Two-factor sign-in is on.
          </p>
          <p>
            {recoveryCodesLeft} of 10 recovery codes left{recoveryCodesLeft <= 3 ? ": make new ones soon." : "."}
          </p>
        </Alert>
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>New recovery codes</h2>
            </CardTitle>
            <CardDescription>Your old codes stop working. Confirm with a code from your app.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-3">
            <CodeForm
              id="regenerate-code"
              label="Code from your app"
              submitLabel="Make new recovery codes"
              pending={regenerate.pending}
              error={regenerate.failure?.fields?.code}
              onSubmit={(code) => regenerate.run(() => regenerateRecoveryCodesAction({ code }), (data) => setRecoveryCodes(data.recoveryCodes))}
            />
            <ActionFailureAlert failure={regenerate.failure} shownFields={["code"]} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Turn off two-factor sign-in</h2>
            </CardTitle>
            <CardDescription>
              {required ? "Your role requires two-factor sign-in, so it cannot be turned off. If you lose your phone, use a recovery code, or ask an administrator to reset it." : "Confirm with a code from your app or a recovery code."}
            </CardDescription>
          </CardHeader>
          {required ? null : (
            <CardContent className="grid gap-3">
              <CodeForm
                id="disable-code"
                label="Code to turn it off"
                submitLabel="Turn off two-factor"
                destructive
                pending={disable.pending}
                error={disable.failure?.fields?.code}
                onSubmit={(code) => disable.run(() => disableTwoFactorAction({ code }))}
              />
              <ActionFailureAlert failure={disable.failure} shownFields={["code"]} />
            </CardContent>
          )}
        </Card>
      </div>
    );
  }

  if (!enrollment) {
    const startEnrollment = () =>
      start.run(async () => {
        const result = await startTwoFactorAction({});
        if (!result.ok && result.error.code === "step_up_required") setStepUpOpen(true);
        return result;
      }, setEnrollment);
    return (
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Set up two-factor sign-in</h2>
          </CardTitle>
          <CardDescription>You will scan a QR code with your authenticator app, then type the code it shows.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-3">
          <div>
            <Button type="button" disabled={start.pending} aria-busy={start.pending} onClick={startEnrollment}>
              {start.pending ? "Preparing…" : "Set up two-factor sign-in"}
            </Button>
          </div>
          <ActionFailureAlert failure={start.failure} />
          {stepUpOpen ? (
            <Suspense fallback={null}>
              <StepUpDialog open onOpenChange={setStepUpOpen} usesTotp={false} purpose="to set up two-factor sign-in" onConfirmed={startEnrollment} />
            </Suspense>
          ) : null}
        </CardContent>
      </Card>
    );
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Scan this code with your authenticator app</h2>
        </CardTitle>
        <CardDescription>Then type the 6-digit code the app shows, to prove it is set up.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6">
        <div className="grid items-start gap-6 sm:grid-cols-[auto_1fr]">
          {/* The SVG comes from the qrcode library on our server, from an otpauth URI we built: no user input. */}
          <div role="img" aria-label="QR code for your authenticator app" className="w-[220px] rounded-md bg-white p-2" dangerouslySetInnerHTML={{ __html: enrollment.qrSvg }} />
          <div className="grid gap-2 text-sm">
            <p>Cannot scan? Enter this key in the app instead (time-based, 6 digits, every 30 seconds):</p>
            <p className="bg-muted rounded-md p-3 font-mono tracking-wider break-all" aria-label="Secret key">
              {enrollment.secret.match(/.{1,4}/g)?.join(" ")}
            </p>
          </div>
        </div>
        <CodeForm
          id="enroll-code"
          label="Code from your app"
          submitLabel="Turn on two-factor sign-in"
          pending={confirm.pending}
          error={confirm.failure?.fields?.code}
          onSubmit={(code) => confirm.run(() => confirmTwoFactorAction({ code }), (data) => setRecoveryCodes(data.recoveryCodes))}
        />
        <ActionFailureAlert failure={confirm.failure} shownFields={["code"]} />
      </CardContent>
    </Card>
  );
}
