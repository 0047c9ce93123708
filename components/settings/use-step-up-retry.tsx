"use client";

import { lazy, Suspense, useState } from "react";
import type { useRefreshingAction } from "@/components/forms/use-refreshing-action";
import type { ActionFailure, ActionResult } from "@/lib/actions/result";

// Loaded the first time a step-up has gone stale (signed in or confirmed more than five minutes ago), as on the card
// page: not with the settings pages.
const StepUpDialog = lazy(() => import("@/components/cards/step-up-dialog").then((module) => ({ default: module.StepUpDialog })));

/** How the signed-in administrator confirms it's them, and why: `purpose` ends "Enter your password …". */
export type StepUpPrompt = { usesTotp: boolean; purpose: string };

type Run = ReturnType<typeof useRefreshingAction>["run"];

/**
 * Runs an administration action that may need a fresh step-up (lib/actions/guard.ts, requireStepUp) through
 * useRefreshingAction's `run`. When the server answers step_up_required, the administrator is asked to confirm it's
 * them and the same call runs again once they have; cancelling leaves the form as it was. That answer is a question,
 * not a failure to show: `shown` leaves it out. Without a prompt the answer is shown as any other failure.
 * `stepUpDialog` goes beside the asking dialog's DialogContent, not inside it: React passes a <dialog>'s cancel
 * (Escape) on to the <dialog> elements around it in its tree, so inside it the Escape would close both.
 */
export function useStepUpRetry(run: Run, prompt: StepUpPrompt | undefined) {
  const [retry, setRetry] = useState<(() => void) | null>(null);

  const runAsking = <T,>(call: () => Promise<ActionResult<T>>, onSuccess?: (data: T) => void) => {
    const attempt = () =>
      run(async () => {
        const result = await call();
        if (prompt && !result.ok && result.error.code === "step_up_required") setRetry(() => attempt);
        return result;
      }, onSuccess);
    attempt();
  };

  const shown = (failure: ActionFailure | null) => (prompt && failure?.code === "step_up_required" ? null : failure);

  const stepUpDialog =
    retry && prompt ? (
      <Suspense fallback={null}>
        <StepUpDialog open onOpenChange={(open) => (open ? undefined : setRetry(null))} usesTotp={prompt.usesTotp} purpose={prompt.purpose} onConfirmed={retry} />
      </Suspense>
    ) : null;

  return { runAsking, shown, stepUpDialog };
}
