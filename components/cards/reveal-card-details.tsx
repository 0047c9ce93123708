"use client";

import { lazy, Suspense, useCallback, useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { revealReasonProblem } from "@/lib/cards/reveal-reason";
import { revealCardAction } from "@/lib/actions/cards/reveal-card";
import type { CardSecrets } from "@/lib/providers/types";

// Loaded the first time a re-authentication is needed, not with the card page.
// React.lazy rather than next/dynamic: the same split without next/dynamic's loader in the page's first load.
const StepUpDialog = lazy(() => import("./step-up-dialog").then((module) => ({ default: module.StepUpDialog })));
// The two dialogs load when first needed (fetched ahead as the pointer or focus reaches the button).
const loadRevealDialogs = () => import("./reveal-dialogs");
const RevealReasonDialog = lazy(() => loadRevealDialogs().then((module) => ({ default: module.RevealReasonDialog })));
const RevealedDetailsDialog = lazy(() => loadRevealDialogs().then((module) => ({ default: module.RevealedDetailsDialog })));

const SHOW_SECONDS = 30;

/**
 * SECURITY: the card number and CVV live only in this component's state, for at most 30 seconds, and are wiped on
 * "Hide" (or Escape), when the tab is hidden and when the page is left (unmount). Never in React Query, storage or the URL.
 * A value copied from it stays on the clipboard until "Hide" or the end of the 30 seconds clears it (or something else
 * is copied); leaving the tab keeps it, for pasting.
 * They are shown in a modal dialog over the page (as the reason for a company card is asked), so nothing on the page
 * moves and no control is covered while still usable; closing it returns focus to the button that opened it.
 */
export function RevealCardDetails({ cardId, needsReason, usesTotp, icon }: { cardId: string; needsReason: boolean; usesTotp: boolean; icon: React.ReactNode }) {
  const [secrets, setSecrets] = useState<CardSecrets | null>(null);
  const [secondsLeft, setSecondsLeft] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [reason, setReason] = useState("");
  const [askingReason, setAskingReason] = useState(false);
  const [stepUpOpen, setStepUpOpen] = useState(false);
  const [pending, setPending] = useState(false);
  // The provider is slow to answer (its timeout and retries can take most of a minute): said, not left to a spinner.
  const [slow, setSlow] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const reasonField = useRef<HTMLInputElement>(null);

  /** Whether a number or CVV was copied from the dialog since it opened (and not cleared since). */
  const onClipboard = useRef(false);

  const hide = useCallback(() => {
    onClipboard.current = false;
    setSecrets(null);
    setSecondsLeft(0);
    setCopied(null);
  }, []);

  // Hiding by hand ("Hide", Escape) or at the end of the 30 seconds also clears a number or CVV copied from the
  // dialog (by hand always; at the end as far as the browser lets a page write the clipboard unprompted). Not on
  // leaving the tab: that is how a copied number gets pasted into another site.
  const hideAndClear = useCallback(() => {
    if (onClipboard.current) void navigator.clipboard.writeText("").catch(() => undefined);
    hide();
  }, [hide]);

  useEffect(() => {
    if (!secrets) return;
    const expiresAt = Date.now() + SHOW_SECONDS * 1000;
    const tick = setInterval(() => setSecondsLeft(Math.max(0, Math.ceil((expiresAt - Date.now()) / 1000))), 250);
    const expire = setTimeout(hideAndClear, SHOW_SECONDS * 1000);
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
  }, [secrets, hide, hideAndClear]);

  async function reveal() {
    setPending(true);
    setError(null);
    setReasonError(undefined);
    const slowAfter = setTimeout(() => setSlow(true), 5000);
    let result: Awaited<ReturnType<typeof revealCardAction>>;
    try {
      result = await revealCardAction({ cardId, reason: needsReason ? reason : undefined });
    } catch {
      // No answer came back (the connection dropped): nothing was shown, and the button works again.
      setError("Cardhub could not be reached. Check your connection and try again.");
      return;
    } finally {
      clearTimeout(slowAfter);
      setSlow(false);
      setPending(false);
    }
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
      () => {
        onClipboard.current = true;
        setCopied(label);
      },
      () => setError("Your browser did not allow copying. Select the text instead."),
    );
  }

  const returnFocus = () => button.current;

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
        onPointerEnter={() => void loadRevealDialogs()}
        onFocus={() => void loadRevealDialogs()}
        onClick={() => {
          if (pending) return;
          setError(null);
          if (needsReason) setAskingReason(true);
          else void reveal();
        }}
      >
        {icon} {pending ? "Fetching…" : "Show card details"}
      </Button>
      {slow ? <p role="status" className="text-muted-foreground text-xs">Still waiting for the provider to answer…</p> : null}
      {error ? (
        <Alert variant="destructive" className="w-[min(24rem,calc(100vw-2rem))]">
          {error}
        </Alert>
      ) : null}

      {needsReason && askingReason && !secrets ? (
        <Suspense fallback={null}>
          <RevealReasonDialog
            onClose={() => {
              setAskingReason(false);
              setReasonError(undefined);
            }}
            returnFocus={returnFocus}
            reasonField={reasonField}
            reason={reason}
            reasonError={reasonError}
            pending={pending}
            onReasonChange={(value) => {
              setReason(value);
              if (reasonError && !revealReasonProblem(value)) setReasonError(undefined);
            }}
            onSubmit={submitReason}
          />
        </Suspense>
      ) : null}

      {secrets ? (
        <Suspense fallback={null}>
          <RevealedDetailsDialog secrets={secrets} secondsLeft={secondsLeft} showSeconds={SHOW_SECONDS} copied={copied} onCopy={copy} onHide={hideAndClear} returnFocus={returnFocus} />
        </Suspense>
      ) : null}

      {stepUpOpen ? (
        <Suspense fallback={null}>
          <StepUpDialog open onOpenChange={setStepUpOpen} usesTotp={usesTotp} purpose="to see the card details" onConfirmed={() => void reveal()} />
        </Suspense>
      ) : null}
    </div>
  );
}
