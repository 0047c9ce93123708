"use client";

import { lazy, Suspense, useCallback, useEffect, useState } from "react";
import { Copy, Eye, EyeOff } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
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
 * "Hide", when the tab is hidden and when the page is left (unmount). Never in React Query, storage or the URL.
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
      return;
    }
    setError(result.error.message);
  }

  async function copy(label: string, value: string) {
    await navigator.clipboard.writeText(value).then(
      () => setCopied(label),
      () => setError("Your browser did not allow copying. Select the text instead."),
    );
  }

  let overlay: React.ReactNode = null;
  if (secrets) {
    const expiry = `${String(secrets.expiryMonth).padStart(2, "0")}/${String(secrets.expiryYear).slice(-2)}`;
    overlay = (
      <section aria-label="Card details" className="bg-card grid gap-3 rounded-lg border p-4 shadow-lg">
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
    );
  }

  if (!secrets && needsReason && askingReason) {
    overlay = (
      <form
        method="post"
        className="bg-card grid gap-2 rounded-lg border p-4 shadow-lg"
        onSubmit={(event) => {
          event.preventDefault();
          void reveal();
        }}
      >
        <FormField id="reveal-reason" label="Reason" error={reasonError} hint="Company cards have no owner: say why you need the number. It is recorded.">
          <Input {...fieldProps("reveal-reason", reasonError, "x")} value={reason} onChange={(event) => setReason(event.target.value)} maxLength={300} autoFocus />
        </FormField>
        <div className="flex justify-end gap-2">
          <Button type="button" variant="ghost" onClick={() => setAskingReason(false)}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending}>
            <Eye aria-hidden /> {pending ? "Fetching…" : "Show card details"}
          </Button>
        </div>
      </form>
    );
  }

  // The button keeps its place in the header; what it opens lies over the page from that same spot, so
  // revealing (and hiding) never moves the title or anything below it.
  return (
    <div className="relative grid gap-2">
      <Button variant="outline" disabled={pending || overlay !== null} className={overlay ? "invisible" : undefined} onClick={() => (needsReason ? setAskingReason(true) : void reveal())}>
        <Eye aria-hidden /> {pending ? "Fetching…" : "Show card details"}
      </Button>
      {overlay ? <div className="absolute top-0 left-0 z-20 w-[min(24rem,calc(100vw-2rem))] sm:right-0 sm:left-auto">{overlay}</div> : null}
      {error ? (
        <Alert variant="destructive" className="absolute top-full left-0 z-20 mt-2 w-[min(24rem,calc(100vw-2rem))] sm:right-0 sm:left-auto">
          {error}
        </Alert>
      ) : null}
      {stepUpOpen ? (
        <Suspense fallback={null}>
          <StepUpDialog open onOpenChange={setStepUpOpen} usesTotp={usesTotp} purpose="to see the card details" onConfirmed={() => void reveal()} />
        </Suspense>
      ) : null}
    </div>
  );
}
