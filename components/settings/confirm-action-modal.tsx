"use client";

import { useEffect, useRef, useState } from "react";
import { ActionFailureAlert } from "@/components/cards/action-failure";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import type { ActionResult } from "@/lib/actions/result";
import { useRefreshingAction } from "@/components/forms/use-refreshing-action";
import { useStepUpRetry, type StepUpPrompt } from "./use-step-up-retry";

export type ConfirmActionDialogProps<T> = {
  trigger: React.ReactNode;
  /** The question asked before the action ("Deactivate Ana?"). */
  title: string;
  description: React.ReactNode;
  confirmLabel: string;
  destructive?: boolean;
  action: () => Promise<ActionResult<T>>;
  /** Told when the dialog opens and closes, so a parent can keep it mounted while its result is on screen. */
  onOpenChange?: (open: boolean) => void;
  /** For an action that may answer step_up_required: the administrator confirms it's them, then it runs again. */
  stepUp?: StepUpPrompt;
} & (
  | { renderResult?: undefined; resultTitle?: undefined }
  | {
      /** What the action did, shown in place of the question (a link, a list of cards); the dialog stays open. */
      renderResult: (data: T) => React.ReactNode;
      /**
       * The title over that result, saying what happened ("Ana is deactivated"): the question is answered by then.
       * Taken when the action is asked for: the page refreshes meanwhile, and its props may then describe the new
       * state (a person whose password was reset has a pending link, which the people list shows as an invitation).
       */
      resultTitle: string;
    }
);

/**
 * ConfirmActionDialog's dialog (confirm-action-dialog.tsx), loaded when its trigger is first used and then rendered in
 * the trigger's place, open (`defaultOpen`). When the action returns something the admin must see (a link, a list of
 * cards), `renderResult` shows it in place of the question.
 */
export function ConfirmActionModal<T>({
  trigger,
  title,
  resultTitle,
  description,
  confirmLabel,
  destructive,
  action,
  renderResult,
  onOpenChange: notifyOpenChange,
  stepUp,
  defaultOpen = false,
}: ConfirmActionDialogProps<T> & { defaultOpen?: boolean }) {
  const [open, setOpen] = useState(defaultOpen);
  const [result, setResult] = useState<{ data: T; title: string } | null>(null);
  const { run, pending, failure, setFailure } = useRefreshingAction();
  const { runAsking, shown: shownFailure, stepUpDialog } = useStepUpRetry(run, stepUp);
  const onOpenChange = (next: boolean) => {
    setOpen(next);
    notifyOpenChange?.(next);
    if (!next) {
      setResult(null);
      setFailure(null);
    }
  };
  const shown = result && renderResult ? renderResult(result.data) : null;
  const showing = shown !== null;
  const resultRegion = useRef<HTMLDivElement>(null);
  // The confirm button that had focus is gone once the result shows. Unless the result took focus itself (a link to
  // copy), its region takes it, so it is read out instead of focus falling to <body>.
  useEffect(() => {
    const region = resultRegion.current;
    if (showing && region && !region.contains(document.activeElement)) region.focus();
  }, [showing]);
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{shown && result ? result.title : title}</DialogTitle>
          {shown ? null : <DialogDescription>{description}</DialogDescription>}
        </DialogHeader>
        {shown ? (
          <div className="grid gap-4">
            <div ref={resultRegion} tabIndex={-1} className="grid gap-4 outline-none">
              {shown}
            </div>
            <DialogFooter>
              <Button type="button" onClick={() => onOpenChange(false)}>
                Done
              </Button>
            </DialogFooter>
          </div>
        ) : (
          <div className="grid gap-4">
            <ActionFailureAlert failure={shownFailure(failure)} />
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              {/* Not `disabled` while working: a disabled button drops focus to the page's <body>, and the step-up
                  dialog returns focus to what had it when it opened. */}
              <Button
                type="button"
                variant={destructive ? "destructive" : "default"}
                aria-disabled={pending || undefined}
                aria-busy={pending}
                className="aria-disabled:opacity-50"
                onClick={() => {
                  if (!pending) runAsking(action, (data) => (renderResult ? setResult({ data, title: resultTitle ?? title }) : onOpenChange(false)));
                }}
              >
                {pending ? "Working…" : confirmLabel}
              </Button>
            </DialogFooter>
          </div>
        )}
      </DialogContent>
      {stepUpDialog}
    </Dialog>
  );
}
