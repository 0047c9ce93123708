"use client";

import { useEffect, useRef, useState, useTransition, type ReactNode } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { ActionFailureAlert } from "@/components/cards/action-failure";
import { fieldProps, FormField } from "@/components/forms/form-field";
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
import { Textarea } from "@/components/ui/textarea";
import type { RequestStatus } from "@/db/schema/requests";
import type { ActionFailure, ActionResult } from "@/lib/actions/result";
import { approveRequestAction } from "@/lib/actions/requests/approve-request";
import { rejectRequestAction } from "@/lib/actions/requests/reject-request";
import type { RowDecisionView } from "./list-decision-view";

type Decision = "approve" | "reject";

type Props = {
  view: RowDecisionView;
  decision: Decision;
  /** The trigger's icon and label, the same the list's deferred button shows (components/cards/deferred-dialog.tsx). */
  trigger: ReactNode;
  triggerClassName: string;
  /** Says in the list's live region what happened: the decision taken, or, once closed, why none was. */
  onSettled: (message: string) => void;
  defaultOpen?: boolean;
};

// The request page's words (components/requests/decision-panel.tsx), and the server's minimum (lib/requests/schemas.ts).
const REJECT_NEEDS_COMMENT = "Say why you reject it; the requester reads this.";
const UNREACHABLE = "The request could not reach Cardhub. Check your connection and try again.";

function outcome(decision: Decision, view: RowDecisionView, status: RequestStatus): string {
  if (decision === "reject")
    return `You rejected the ${view.name}. The requester is told, with your comment.`;
  return status === "pending"
    ? `You approved step ${view.step + 1} of the ${view.name}. It now waits for the next approval.`
    : `You approved the ${view.name}. Cardhub is carrying it out now.`;
}

/**
 * Approving or rejecting a request from the requests list: what is decided (kind, card, person, amount), a comment
 * (required to reject), and the server's refusal, focused, when the request moved on meanwhile. The list is read again
 * on success, and after a refusal only once the dialog closes: read at once, a row that moved on would leave the list
 * and take this dialog, and the refusal in it, along (so not useRefreshingAction, which refreshes on a conflict).
 * Loaded when its button is first wanted (components/cards/deferred-dialog.tsx).
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

  useEffect(() => {
    if (!failure) return;
    if (failure.fields?.comment) document.getElementById(commentId)?.focus();
    else failureBox.current?.focus();
  }, [failure, commentId]);

  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (next) return;
    if (failure && failure.code !== "invalid_input") {
      onSettled(`Nothing was decided: ${failure.message}`);
      router.refresh();
    }
    setFailure(null);
    setCommentError(null);
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (pending) return;
    if (decision === "reject" && comment.trim().length < 3) {
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
        setFailure({ code: "internal", message: UNREACHABLE });
        return;
      }
      if (!result.ok) {
        setFailure(result.error);
        return;
      }
      onSettled(outcome(decision, view, result.data.status));
      setComment("");
      setOpen(false);
      router.refresh();
    });
  };

  const approving = decision === "approve";
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
            {view.facts.map((fact) => (
              <div key={fact.label} className="contents">
                <dt className="text-muted-foreground">{fact.label}</dt>
                <dd className="break-words tabular-nums">{fact.value}</dd>
              </div>
            ))}
          </dl>
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
          {approving ? (
            <p className="text-muted-foreground text-sm">
              To approve a lower amount, or to read the fee and the timeline first,{" "}
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
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Keep it waiting
            </Button>
            {/* aria-disabled, not disabled, while saving: a disabled button drops keyboard focus to <body>. */}
            <Button
              type="submit"
              variant={approving ? "default" : "destructive"}
              aria-disabled={pending || undefined}
              aria-busy={pending}
              className="aria-disabled:opacity-50"
            >
              {pending ? "Saving…" : approving ? "Approve" : "Reject"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
