"use client";

import { lazy, Suspense, useCallback, useEffect, useRef, useState } from "react";
import { Copy, Eye, EyeOff } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { revealReasonProblem } from "@/lib/cards/form-checks";
import { revealCardAction } from "@/lib/actions/cards/reveal-card";
import type { CardSecrets } from "@/lib/providers/types";
import { FormField, fieldProps } from "@/components/forms/form-field";

// Loaded the first time a re-authentication is needed, not with the card page.
// React.lazy rather than next/dynamic: the same split without next/dynamic's loader in the page's first load.
const StepUpDialog = lazy(() => import("./step-up-dialog").then((module) => ({ default: module.StepUpDialog })));

const SHOW_SECONDS = 30;

function groupInFours(number: string): string {
  return number.replace(/(\d{4})(?=\d)/g, "$1 ");
}

/**
 * SECURITY: the card number and CVV live only in this component's state, for at most 30 seconds, and are wiped on
 * "Hide" (or Escape), when the tab is hidden and when the page is left (unmount). Never in React Query, storage or the URL.
 * They are shown in a modal dialog over the page (as the reason for a company card is asked), so nothing on the page
 * moves and no control is covered while still usable; closing it returns focus to the button that opened it.
 */
export function RevealCardDetails({ cardId, needsReason, usesTotp }: { cardId: string; needsReason: boolean; usesTotp: boolean }) {
  const [secrets, setSecrets] = useState<CardSecrets | null>(null);
  const [secondsLeft, setSecondsLeft] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [reason, setReason] = useState("");
  const [askingReason, setAskingReason] = useState(false);
  const [stepUpOpen, setStepUpOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const reasonField = useRef<HTMLInputElement>(null);

  const hide = useCallback(() => {
    setSecrets(null);
    setSecondsLeft(0);
    setCopied(null);
  }, []);

  useEffect(() => {
    if (!secrets) return;
    const expiresAt = Date.now() + SHOW_SECONDS * 1000;
    const tick = setInterval(() => setSecondsLeft(Math.max(0, Math.ceil((expiresAt - Date.now()) / 1000))), 250);
    const expire = setTimeout(hide, SHOW_SECONDS * 1000);
    const onVisibility = () => {
      if (document.visibilityState === "hidden") hide();
    };
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("pagehide", hide);
    return () => {
      clearInterval(tick);
      clearTimeout(expire);
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("pagehide", hide);
    };
  }, [secrets, hide]);

  async function reveal() {
    setPending(true);
    setError(null);
    setReasonError(undefined);
    const result = await revealCardAction({ cardId, reason: needsReason ? reason : undefined });
    setPending(false);
    if (result.ok) {
      setSecrets(result.data);
      setSecondsLeft(SHOW_SECONDS);
      setAskingReason(false);
      setReason("");
      return;
    }
    if (result.error.code === "step_up_required") {
      setStepUpOpen(true);
      return;
    }
    if (result.error.fields?.reason) {
      setAskingReason(true);
      setReasonError(result.error.fields.reason);
      reasonField.current?.focus();
      return;
    }
    setAskingReason(false);
    setError(result.error.message);
  }

  function submitReason(event: React.FormEvent) {
    event.preventDefault();
    if (pending) return;
    // Asked here first: an empty reason is the form's error, not a request the server has to refuse.
    const problem = revealReasonProblem(reason);
    if (problem) {
      setReasonError(problem);
      reasonField.current?.focus();
      return;
    }
    void reveal();
  }

  async function copy(label: string, value: string) {
    await navigator.clipboard.writeText(value).then(
      () => setCopied(label),
      () => setError("Your browser did not allow copying. Select the text instead."),
    );
  }

  const returnFocus = () => button.current;
  const expiry = secrets ? `${String(secrets.expiryMonth).padStart(2, "0")}/${String(secrets.expiryYear).slice(-2)}` : "";

  return (
    <div className="grid gap-2">
      <Button
        ref={button}
        variant="outline"
        // Not `disabled` while fetching: a disabled button drops keyboard focus to the page's <body>.
        aria-disabled={pending || undefined}
        aria-busy={pending}
        aria-haspopup="dialog"
        className="aria-disabled:opacity-50"
        onClick={() => {
          if (pending) return;
          setError(null);
          if (needsReason) setAskingReason(true);
          else void reveal();
        }}
      >
        <Eye aria-hidden /> {pending ? "Fetching…" : "Show card details"}
      </Button>
      {error ? (
        <Alert variant="destructive" className="w-[min(24rem,calc(100vw-2rem))]">
          {error}
        </Alert>
      ) : null}

      {needsReason ? (
        <Dialog
          open={askingReason && !secrets}
          onOpenChange={(next) => {
            setAskingReason(next);
            if (!next) setReasonError(undefined);
          }}
        >
          <DialogContent className="max-w-md" returnFocus={returnFocus}>
            <DialogHeader>
              <DialogTitle>Show company card details</DialogTitle>
              <DialogDescription>Company cards have no owner: say why you need the number. It is recorded.</DialogDescription>
            </DialogHeader>
            <form method="post" noValidate className="grid gap-4" onSubmit={submitReason}>
              <FormField id="reveal-reason" label="Reason" error={reasonError}>
                <Input
                  {...fieldProps("reveal-reason", reasonError)}
                  ref={reasonField}
                  value={reason}
                  onChange={(event) => {
                    setReason(event.target.value);
                    if (reasonError && !revealReasonProblem(event.target.value)) setReasonError(undefined);
                  }}
                  maxLength={300}
                  autoComplete="off"
                  autoFocus
                />
              </FormField>
              <DialogFooter>
                <Button type="button" variant="outline" onClick={() => setAskingReason(false)}>
                  Cancel
                </Button>
                <Button type="submit" aria-disabled={pending || undefined} className="aria-disabled:opacity-50">
                  <Eye aria-hidden /> {pending ? "Fetching…" : "Show details"}
                </Button>
              </DialogFooter>
            </form>
          </DialogContent>
        </Dialog>
      ) : null}

      <Dialog open={secrets !== null} onOpenChange={(next) => (next ? undefined : hide())}>
        <DialogContent className="max-w-md" returnFocus={returnFocus}>
          <DialogHeader>
            <DialogTitle>Card details</DialogTitle>
            <DialogDescription>Shown for {SHOW_SECONDS} seconds, and wiped when you hide them or leave the tab.</DialogDescription>
          </DialogHeader>
          {secrets ? (
            <section aria-label="Card details" className="grid gap-3">
              <dl className="grid grid-cols-[auto_1fr_auto] items-center gap-x-4 gap-y-2 text-sm">
                <dt className="text-muted-foreground">Card number</dt>
                <dd className="font-mono text-sm tracking-wider whitespace-nowrap sm:text-base">{groupInFours(secrets.number)}</dd>
                <dd>
                  <Button size="sm" variant="ghost" onClick={() => copy("number", secrets.number)} aria-label="Copy card number">
                    <Copy aria-hidden />
                  </Button>
                </dd>
                <dt className="text-muted-foreground">CVV</dt>
                <dd className="font-mono text-base">{secrets.cvv}</dd>
                <dd>
                  <Button size="sm" variant="ghost" onClick={() => copy("CVV", secrets.cvv)} aria-label="Copy CVV">
                    <Copy aria-hidden />
                  </Button>
                </dd>
                <dt className="text-muted-foreground">Expiry</dt>
                <dd className="font-mono text-base">{expiry}</dd>
                <dd />
              </dl>
              <div className="flex items-center justify-between gap-3">
                <p className="text-muted-foreground text-xs" role="timer" aria-live="off">
                  Hiding in {secondsLeft} s{copied ? ` · ${copied === "number" ? "Card number" : "CVV"} copied` : ""}
                </p>
                <Button size="sm" variant="outline" onClick={hide}>
                  <EyeOff aria-hidden /> Hide
                </Button>
              </div>
              <div className="bg-muted h-1 overflow-hidden rounded" aria-hidden>
                <div className="bg-primary h-full transition-[width] duration-1000 ease-linear" style={{ width: `${(secondsLeft / SHOW_SECONDS) * 100}%` }} />
              </div>
            </section>
          ) : null}
        </DialogContent>
      </Dialog>

      {stepUpOpen ? (
        <Suspense fallback={null}>
          <StepUpDialog open onOpenChange={setStepUpOpen} usesTotp={usesTotp} purpose="to see the card details" onConfirmed={() => void reveal()} />
        </Suspense>
      ) : null}
    </div>
  );
}
