"use client";

import { useEffect, useRef, useState, useTransition, type ReactNode } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { ActionFailureAlert } from "@/components/cards/action-failure";
import { fieldProps, FormField } from "@/components/forms/form-field";
import { UNREACHABLE_MESSAGE } from "@/components/forms/use-refreshing-action";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Alert } from "@/components/ui/alert";
import { Textarea } from "@/components/ui/textarea";
import type { RequestStatus } from "@/db/schema/requests";
import type { ActionFailure, ActionResult } from "@/lib/actions/result";
import { approveRequestAction } from "@/lib/actions/requests/approve-request";
import { loadApproveContextAction, type ApproveContext } from "@/lib/actions/requests/load-approve-context-action";
import { rejectRequestAction } from "@/lib/actions/requests/reject-request";
import { REJECT_NEEDS_COMMENT, rejectCommentMissing } from "@/lib/requests/reject-comment";
import { refusalIsFinal } from "./final-refusal";
import { factsWithCardNow, type RowDecisionView } from "./list-decision-view";
import { RequestCostSummary } from "./request-cost-summary";

type Decision = "approve" | "reject";

type Props = {
  view: RowDecisionView;
  decision: Decision;
  /** The trigger's icon and label, the same the list's deferred button shows (components/layout/deferred-dialog.tsx). */
  trigger: ReactNode;
  triggerClassName: string;
  /** Says in the list's live region what happened: the decision taken, or, once closed, why none was. */
  onSettled: (message: string, href?: string) => void;
  defaultOpen?: boolean;
};


/** What approving takes from the funding account and the card as it stands, as the server last answered; null once read for a request that moves no money. */
type CostRead = { state: "reading" } | { state: "read"; context: ApproveContext | null } | { state: "failed" };

function outcome(decision: Decision, view: RowDecisionView, status: RequestStatus): string {
  if (decision === "reject")
    return `You rejected the ${view.name}. The requester is told, with your comment.`;
  return status === "pending"
    ? `You approved step ${view.step + 1} of the ${view.name}. It now waits for the next approval.`
    : // Said once and left on the list, where the request's later status is not shown: no claim that can go stale (the
      // requester may still withdraw it, the provider refuse it), unlike the request page's message, which lapses.
      `You approved the ${view.name}. Cardhub carries out what is approved; its page shows how it ends.`;
}

/**
 * Approving or rejecting a request from the requests list: what is decided (kind, card, person, amount), a comment
 * (required to reject), and the server's refusal, focused, when the request moved on meanwhile. The list is read again
 * on success, and after a refusal only once the dialog closes: read at once, a row that moved on would leave the list
 * and take this dialog, and the refusal in it, along (so not useRefreshingAction, which refreshes on a conflict).
 * MONEY: approving shows first what it takes from the funding account (the request page's cost, read on the server each
 * time the dialog opens), and is not sent until that was read: a cost that could not be read sends the approver to
 * the request page.
 * Loaded when its button is first wanted (components/layout/deferred-dialog.tsx).
 */
export function RequestDecisionDialog({
  view,
  decision,
  trigger,
  triggerClassName,
  onSettled,
  defaultOpen = false,
}: Props) {
  const router = useRouter();
  const [open, setOpen] = useState(defaultOpen);
  const [comment, setComment] = useState("");
  const [commentError, setCommentError] = useState<string | null>(null);
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [pending, startTransition] = useTransition();
  const failureBox = useRef<HTMLDivElement>(null);
  const commentId = `${decision}-${view.requestId}-comment`;
  const fieldError = commentError ?? failure?.fields?.comment;
  const approving = decision === "approve";
  // Refused for good (the request was cancelled or decided meanwhile, say): nothing is left to send, only Close.
  const final = refusalIsFinal(failure);
  // An unfreeze or activation has no cost to read: it is "read" as none from the start.
  const unread: CostRead = view.movesMoney ? { state: "reading" } : { state: "read", context: null };
  const [costRead, setCostRead] = useState<CostRead>(unread);

  useEffect(() => {
    if (!open || !approving || !view.movesMoney) return;
    let current = true;
    loadApproveContextAction({ requestId: view.requestId }).then(
      (result) => {
        if (current) setCostRead(result.ok ? { state: "read", context: result.data } : { state: "failed" });
      },
      () => {
        if (current) setCostRead({ state: "failed" });
      },
    );
    return () => {
      current = false;
    };
  }, [open, approving, view.movesMoney, view.requestId]);

  useEffect(() => {
    if (!failure) return;
    if (failure.fields?.comment) document.getElementById(commentId)?.focus();
    else failureBox.current?.focus();
  }, [failure, commentId]);

  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (next) return;
    if (failure && failure.code !== "invalid_input") {
      onSettled(final ? failure.message : `Nothing was decided: ${failure.message}`);
      router.refresh();
    }
    setFailure(null);
    setCommentError(null);
    // Read again on the next opening: the fee or the funding balance may have changed meanwhile.
    setCostRead(unread);
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (pending || (approving && costRead.state !== "read")) return;
    if (decision === "reject" && rejectCommentMissing(comment)) {
      setCommentError(REJECT_NEEDS_COMMENT);
      document.getElementById(commentId)?.focus();
      return;
    }
    setCommentError(null);
    const input = { requestId: view.requestId, step: view.step, comment };
    startTransition(async () => {
      setFailure(null);
      let result: ActionResult<{ status: RequestStatus }>;
      try {
        result =
          decision === "approve" ? await approveRequestAction(input) : await rejectRequestAction(input);
      } catch {
        setFailure({ code: "internal", message: UNREACHABLE_MESSAGE });
        return;
      }
      if (!result.ok) {
        setFailure(result.error);
        return;
      }
      onSettled(outcome(decision, view, result.data.status), `/requests/${view.requestId}`);
      setComment("");
      setOpen(false);
      setCostRead(unread);
      router.refresh();
    });
  };

  const approveWaits = approving && costRead.state !== "read";
  const context = costRead.state === "read" ? costRead.context : null;
  const cost = context?.cost ?? null;
  const costAmount = cost ? BigInt(cost.cost.amount) : null;
  const description = approving
    ? view.lastStep
      ? "Once you approve it, Cardhub carries it out at the provider."
      : "Once you approve it, it waits for the next approval."
    : view.approveBlockedBy
      ? `${view.approveBlockedBy} Reject it with a comment so it leaves the queue.`
      : "It stops here and is never carried out. The requester is told, with your comment.";

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="outline" className={triggerClassName}>
          {trigger}
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle className="leading-snug">
            {approving ? "Approve" : "Reject"} the {view.name}?
          </DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        <form method="post" noValidate onSubmit={submit} className="grid gap-4">
          <dl className="grid grid-cols-[6rem_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
            {factsWithCardNow(view.facts, context?.cardNow ?? null).map((fact) => (
              <div key={fact.label} className="contents">
                <dt className="text-muted-foreground">{fact.label}</dt>
                <dd className="break-words tabular-nums">{fact.value}</dd>
              </div>
            ))}
          </dl>
          {approving && costRead.state === "reading" ? (
            <p role="status" className="text-muted-foreground text-sm">
              Reading what approving costs…
            </p>
          ) : null}
          {cost && costAmount !== null ? (
            <RequestCostSummary id={`${decision}-${view.requestId}-cost`} currency={cost.cost.currency} amount={costAmount} cost={cost.cost} paying={cost.paying} />
          ) : null}
          {approving && costRead.state === "failed" ? (
            <Alert variant="destructive">
              The cost could not be read;{" "}
              <Link href={`/requests/${view.requestId}`} className="underline underline-offset-4">
                open the request
              </Link>{" "}
              to see it before approving.
            </Alert>
          ) : null}
          {final ? null : (
            <FormField
              id={commentId}
              label={approving ? "Comment (optional)" : "Comment"}
              error={fieldError}
              hint={approving ? "The requester sees it." : "Required to reject. The requester sees it."}
            >
              <Textarea
                {...fieldProps(commentId, fieldError, "hint")}
                value={comment}
                onChange={(event) => setComment(event.target.value)}
                maxLength={500}
                rows={3}
              />
            </FormField>
          )}
          {approving && !final ? (
            <p className="text-muted-foreground text-sm">
              {/* An unfreeze or activation asks for no amount to lower. */}
              {view.movesMoney
                ? "To approve a lower amount, or to read the timeline first,"
                : "To read the timeline first,"}{" "}
              <Link
                href={`/requests/${view.requestId}`}
                className="text-primary underline decoration-current/30 underline-offset-4 hover:decoration-current"
              >
                open the request
              </Link>
              .
            </p>
          ) : null}
          {failure ? (
            <div
              ref={failureBox}
              tabIndex={-1}
              className="focus-visible:ring-ring/50 rounded-lg outline-none focus-visible:ring-[3px]"
            >
              <ActionFailureAlert failure={failure} shownFields={["comment"]} />
            </div>
          ) : null}
          <DialogFooter>
            {final ? (
              <Button type="button" onClick={() => onOpenChange(false)}>
                Close
              </Button>
            ) : (
              <>
                <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
                  Keep it waiting
                </Button>
                {/* aria-disabled, not disabled, while saving or reading the cost: a disabled button drops keyboard focus to <body>. */}
                <Button
                  type="submit"
                  variant={approving ? "default" : "destructive"}
                  aria-disabled={pending || approveWaits || undefined}
                  aria-busy={pending}
                  className="aria-disabled:opacity-50"
                >
                  {pending ? "Saving…" : approving ? "Approve" : "Reject"}
                </Button>
              </>
            )}
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
