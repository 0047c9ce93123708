"use client";

import { Fragment, lazy, Suspense, useEffect, useRef, useState } from "react";
import Link from "next/link";
import { ShieldCheck } from "lucide-react";
import { ActionFailureAlert } from "@/components/cards/action-failure";
import { fieldProps, FormField } from "@/components/forms/form-field";
import { useFocusFirstProblem } from "@/components/forms/use-focus-first-problem";
import { useRefreshingAction } from "@/components/forms/use-refreshing-action";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { cn } from "@/lib/utils";
import type { ActionFailure } from "@/lib/actions/result";
import { confirmTwoFactorAction, disableTwoFactorAction, regenerateRecoveryCodesAction, startTwoFactorAction } from "@/lib/actions/account/two-factor";
import { RecoveryCodesList } from "./recovery-codes-list";

// Loaded only when the step-up has gone stale (a session signed in more than five minutes ago), as on the card page.
const StepUpDialog = lazy(() => import("@/components/cards/step-up-dialog").then((module) => ({ default: module.StepUpDialog })));

type Enrollment = { secret: string; otpauthUri: string; qrSvg: string };

/** A code and its button, with the refusal under them; a refusal takes focus to the code, or to the message. */
function CodeForm({ id, label, submitLabel, onSubmit, pending, failure, destructive }: { id: string; label: string; submitLabel: string; onSubmit: (code: string) => void; pending: boolean; failure: ActionFailure | null; destructive?: boolean }) {
  const [code, setCode] = useState("");
  const error = failure?.fields?.code;
  const failureId = `${id}-failure`;
  useFocusFirstProblem({ targets: [["code", id]], problems: { code: error }, alert: { id: failureId, shown: failure !== null } }, failure);
  return (
    <>
      <form
        method="post"
        noValidate
        className="grid gap-3 sm:max-w-xs"
        onSubmit={(event) => {
          event.preventDefault();
          if (!pending) onSubmit(code);
        }}
      >
        <FormField id={id} label={label} error={error}>
          <Input {...fieldProps(id, error)} value={code} onChange={(event) => setCode(event.target.value)} autoComplete="one-time-code" inputMode="numeric" maxLength={11} placeholder="123456" />
        </FormField>
        <div>
          {/* Not `disabled` while checking: a disabled button drops keyboard focus to the page's <body>. */}
          <Button type="submit" variant={destructive ? "destructive" : "default"} aria-disabled={pending || undefined} aria-busy={pending} className="aria-disabled:opacity-50">
            {pending ? "Checking…" : submitLabel}
          </Button>
        </div>
      </form>
      {failure ? (
        <div id={failureId} tabIndex={-1} className="focus-visible:ring-ring/50 rounded-lg outline-none focus-visible:ring-[3px]">
          <ActionFailureAlert failure={failure} shownFields={["code"]} />
        </div>
      ) : null}
    </>
  );
}

/** The heading of a step that replaced the button that had focus: it takes focus, so focus does not fall to <body>. */
function FocusedHeading({ children, className }: { children: React.ReactNode; className?: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <h2 ref={heading} tabIndex={-1} className={cn("outline-none", className)}>
      {children}
    </h2>
  );
}

/** The recovery codes just made, shown once, under a heading that takes focus. */
function NewRecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <FocusedHeading className="flex items-center gap-2">
            <ShieldCheck aria-hidden /> Two-factor sign-in is on
          </FocusedHeading>
        </CardTitle>
        <CardDescription>From now on Cardhub asks for a code from your app when you sign in and before card details are shown.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <RecoveryCodesList codes={codes} />
        <div>
          <Button asChild>
            <Link href="/">I saved them — continue to Cardhub</Link>
          </Button>
        </div>
      </CardContent>
    </Card>
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

  if (recoveryCodes) return <NewRecoveryCodes codes={recoveryCodes} />;

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
              failure={regenerate.failure}
              onSubmit={(code) => regenerate.run(() => regenerateRecoveryCodesAction({ code }), (data) => setRecoveryCodes(data.recoveryCodes))}
            />
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
                failure={disable.failure}
                onSubmit={(code) => disable.run(() => disableTwoFactorAction({ code }))}
              />
            </CardContent>
          )}
        </Card>
      </div>
    );
  }

  if (!enrollment) {
    const startEnrollment = () => {
      if (start.pending) return;
      start.run(async () => {
        const result = await startTwoFactorAction({});
        if (!result.ok && result.error.code === "step_up_required") setStepUpOpen(true);
        return result;
      }, setEnrollment);
    };
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
            {/* Not `disabled` while preparing: a disabled button drops keyboard focus to the page's <body>. */}
            <Button type="button" aria-disabled={start.pending || undefined} aria-busy={start.pending} className="aria-disabled:opacity-50" onClick={startEnrollment}>
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
          <FocusedHeading>Scan this code with your authenticator app</FocusedHeading>
        </CardTitle>
        <CardDescription>Then type the 6-digit code the app shows, to prove it is set up.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6">
        <div className="grid items-start gap-6 sm:grid-cols-[auto_1fr]">
          {/* The SVG comes from the qrcode library on our server, from an otpauth URI we built: no user input. */}
          <div role="img" aria-label="QR code for your authenticator app" className="w-[220px] rounded-md bg-white p-2" dangerouslySetInnerHTML={{ __html: enrollment.qrSvg }} />
          <div className="grid gap-2 text-sm">
            <p>Cannot scan? Enter this key in the app instead (time-based, 6 digits, every 30 seconds):</p>
            {/* Lines break between groups of four, never inside one: a group split across lines invites a typing slip. */}
            <p className="bg-muted rounded-md p-3 font-mono tracking-wider" aria-label="Secret key">
              {enrollment.secret.match(/.{1,4}/g)?.map((group, index) => (
                <Fragment key={index}>
                  {index > 0 ? " " : null}
                  <span className="inline-block whitespace-nowrap">{group}</span>
                </Fragment>
              ))}
            </p>
          </div>
        </div>
        <CodeForm
          id="enroll-code"
          label="Code from your app"
          submitLabel="Turn on two-factor sign-in"
          pending={confirm.pending}
          failure={confirm.failure}
          onSubmit={(code) => confirm.run(() => confirmTwoFactorAction({ code }), (data) => setRecoveryCodes(data.recoveryCodes))}
        />
      </CardContent>
    </Card>
  );
}
