"use client";

import { useEffect, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import type { ActionFailure, ActionResult } from "@/lib/actions/result";
import type { OrderType } from "@/lib/providers/types";
import { useOrderTracker } from "./order-tracker";
import { useSubmissionId } from "./submission-id";

/** What is known when a card action's answer never came back: it may have been made, and a retry here is safe. */
const LOST_CHANGE_ANSWER =
  "No answer came back from Cardhub, so the change may already have been made. Trying again here is safe: it will not be made twice. If you close this first, check the card's provider requests before making the change again.";

function orderIdOf(data: unknown): string | null {
  if (typeof data !== "object" || data === null) return null;
  const id = (data as { orderId?: unknown }).orderId;
  return typeof id === "string" ? id : null;
}

/**
 * Runs a card server action: an order it starts is followed live; anything else re-renders the page at once. The
 * action gets this submission's order id: sent again after its answer was lost, it follows the first call's order.
 * Starting an action clears the page's previous result message. A change that starts no order (reassigning,
 * renaming) says `done` on success instead, as an order's result would. `onSuccess` lets a dialog close itself; failures
 * stay for the caller to show (message and per-field errors), or, with `reportFailures` (a button with no dialog
 * of its own), become the page's current message. Keyboard focus moves to that message whenever the action's
 * button cannot keep it (it is replaced, or disabled while the provider works).
 */
export function useCardAction(orderType: OrderType | null, { reportFailures = false }: { reportFailures?: boolean } = {}) {
  const router = useRouter();
  const { track, report, confirm, clear, focusMessage } = useOrderTracker();
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const submission = useSubmissionId();

  const run = (call: (orderId: string) => Promise<ActionResult<unknown>>, onSuccess?: () => void, done?: string) =>
    startTransition(async () => {
      setFailure(null);
      clear();
      const fail = (failure: ActionFailure) => {
        if (!reportFailures) return setFailure(failure);
        report(failure);
        focusMessage();
      };
      let result: ActionResult<unknown>;
      try {
        result = await call(submission.current());
      } catch {
        // The answer was lost, not necessarily the request: the order may exist. The id stays for a retry.
        fail({ code: "internal", message: LOST_CHANGE_ANSWER });
        return;
      }
      submission.answered(result);
      if (!result.ok) {
        fail(result.error);
        return;
      }
      const orderId = orderIdOf(result.data);
      if (orderId) track({ id: orderId, type: orderType ?? undefined });
      else if (done) confirm(done);
      router.refresh();
      onSuccess?.();
      // The button is replaced (Freeze → Unfreeze) or waits for the provider (a dialog's trigger): focus goes to
      // the message that says what happens, after a closing dialog has returned it to its trigger.
      if (orderId || done || reportFailures) focusMessage();
    });

  return { run, pending, failure, setFailure, newSubmission: submission.renew };
}

/**
 * A dialog around a card action: its open state, the browser's field errors merged with the server's, all reset
 * when the dialog closes (its next opening is a new submission, with an order id of its own). `submit` shows the
 * browser's errors, or runs the action and closes on success, confirming it with `done` when it starts no order.
 */
export function useCardDialog(orderType: OrderType | null, defaultOpen = false) {
  const [open, setOpen] = useState(defaultOpen);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { run, pending, failure, setFailure, newSubmission } = useCardAction(orderType);
  const fields: Record<string, string> = { ...failure?.fields, ...errors };
  // A refused submit moves focus to its first field in trouble (the browser's checks or the server's), as the top-up
  // dialog does: the button just pressed says nothing to a screen reader. Both change only on a submit (and on close).
  useEffect(() => {
    if (Object.keys(errors).length === 0 && !failure?.fields) return;
    document.querySelector<HTMLElement>('dialog[open] [aria-invalid="true"]')?.focus();
  }, [errors, failure]);

  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (!next) {
      setErrors({});
      setFailure(null);
      newSubmission();
    }
  };

  const submit = (found: Record<string, string>, call: (orderId: string) => Promise<ActionResult<unknown>>, done?: string) => {
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    run(call, () => setOpen(false), done);
  };

  return { open, onOpenChange, fields, submit, pending, failure };
}
