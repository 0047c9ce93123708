"use client";

import { useEffect, useState } from "react";
import { Check, X } from "lucide-react";
import { ActionFailureAlert } from "@/components/cards/action-failure";
import { ActionAnnouncement } from "@/components/forms/action-announcement";
import { failureWithoutEdited, withoutEditedProblems } from "@/components/forms/edited-problems";
import { fieldProps, FormField } from "@/components/forms/form-field";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { approveRequestAction } from "@/lib/actions/requests/approve-request";
import { rejectRequestAction } from "@/lib/actions/requests/reject-request";
import { useRefreshingAction } from "@/components/forms/use-refreshing-action";
import { typedMinor } from "@/components/cards/issue-card-cost";
import type { PayingBalance } from "@/lib/funding/paying-balance";
import type { RequestCost } from "@/lib/requests/request-cost";
import { REJECT_NEEDS_COMMENT, rejectCommentMissing } from "@/lib/requests/reject-comment";
import type { RequestStatus } from "@/db/schema/requests";
import { RequestCostSummary } from "./request-cost-summary";
import { termHint } from "./term-hint";
import { outcomeNow, type RequestOutcome } from "./request-outcome";

type TermField = "amount" | "perTransactionLimit" | "lifetimeLimit";
const TERM_LABELS: Record<TermField, string> = { amount: "Amount", perTransactionLimit: "Per-transaction limit", lifetimeLimit: "Lifetime limit" };

/**
 * Approve (optionally lowering what was asked) or reject (with a comment the requester reads). The server decides
 * again whether this person may take this step; this form only spares a round trip for the obvious mistakes.
 * `terms` is what stands now, as decimal text for the inputs; `termsText` the same, formatted as money for reading.
 * `step` is the step shown (the request's currentStep): the server refuses the decision if the request moved on.
 */
export function DecisionPanel({
  open,
  requestId,
  status,
  step,
  currency,
  terms,
  termsText,
  askedText,
  stepLabel,
  approveBlockedBy,
  cost,
}: {
  /** Whether this person may decide now. Rendered either way, so the outcome it announces outlives the panel. */
  open: boolean;
  requestId: string;
  /** The request's status as the page last read it: what was announced goes once it is no longer true. */
  status: RequestStatus;
  step: number;
  currency: string;
  terms: Partial<Record<TermField, string>>;
  termsText: Partial<Record<TermField, string>>;
  /** What the requester asked, formatted the same way: it differs from termsText once an approver lowered it. */
  askedText: Partial<Record<TermField, string>>;
  stepLabel: string;
  /** Why it cannot be approved any more (its card closed): only rejecting is offered, and the reason is shown. */
  approveBlockedBy?: string | null;
  /** What approving takes from the funding account (a top-up, a new card), quoted again for a lowered amount; paying only for funding.view. */
  cost?: { cost: RequestCost; paying: { label: string; balance: PayingBalance | null } | null } | null;
}) {
  const { run, pending, failure: lastFailure } = useRefreshingAction();
  const [outcome, setOutcome] = useState<RequestOutcome | null>(null);
  const [comment, setComment] = useState("");
  const [lowered, setLowered] = useState<Partial<Record<TermField, string>>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  // A field edited since the last try drops that try's problem on it (and the summary's line), until the next try.
  const [editedFields, setEditedFields] = useState<string[]>([]);
  const edited = (field: string) => setEditedFields((current) => (current.includes(field) ? current : [...current, field]));
  const failure = failureWithoutEdited(lastFailure, editedFields);
  const fields = { ...failure?.fields, ...withoutEditedProblems(errors, editedFields) };
  const editable = approveBlockedBy ? [] : (Object.keys(terms) as TermField[]).filter((field) => terms[field] !== undefined);
  // The server's refusal on a field ("above what was asked") takes focus to that field, as the browser's own checks do.
  const failedField = [...editable, "comment"].find((field) => failure?.fields?.[field]);
  useEffect(() => {
    if (failedField) document.getElementById(`decision-${failedField}`)?.focus();
    // The try's own failure: typing after it, which drops its problems, moves focus nowhere.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lastFailure]);

  // The amount being approved: the one typed (lowered), else what stands; null while the typed text is not an amount.
  const costField = cost?.cost.amountField;
  const typed = costField && lowered[costField]?.trim() ? typedMinor(lowered[costField]!, currency) : undefined;
  const costAmount = cost ? (typed === undefined ? cost.cost.amount : typed) : null;

  const approve = () => {
    setErrors({});
    setEditedFields([]);
    run(
      () => approveRequestAction({ requestId, step, comment, ...lowered }),
      // Each holds from the decision (the page still reads "pending" until it refreshes) until the request moves on.
      (decided) =>
        setOutcome(
          decided.status === "approved"
            ? { message: "You approved this request. Cardhub is carrying it out now.", holdsWhile: ["pending", "approved", "executing"] }
            : { message: "You approved this step. The request now waits for the next approval.", holdsWhile: ["pending"] },
        ),
    );
  };
  const reject = () => {
    setEditedFields([]);
    if (rejectCommentMissing(comment)) {
      setErrors({ comment: REJECT_NEEDS_COMMENT });
      document.getElementById("decision-comment")?.focus();
      return;
    }
    setErrors({});
    run(
      () => rejectRequestAction({ requestId, step, comment }),
      () => setOutcome({ message: "You rejected this request. The requester is told, with your comment.", holdsWhile: ["pending", "rejected"] }),
    );
  };

  // A refusal that took the panel away (the request was cancelled or decided meanwhile: the page read it again) says so.
  if (!open || outcome) return <ActionAnnouncement message={outcomeNow(outcome, status) ?? (open ? null : (failure?.message ?? null))} />;
  return (
    <section aria-labelledby="decision-heading" className="grid gap-4 rounded-lg border p-4">
      <div className="grid gap-1">
        <h2 id="decision-heading" className="text-base font-semibold">
          Your decision
        </h2>
        <p className="text-muted-foreground text-sm">{stepLabel}</p>
        {approveBlockedBy ? <p className="text-sm">{approveBlockedBy} Reject it with a comment so it leaves the queue.</p> : null}
      </div>
      {editable.length > 0 ? (
        <div className="grid items-start gap-4 sm:grid-cols-2">
          {editable.map((field) => (
            <FormField
              key={field}
              id={`decision-${field}`}
              label={`${TERM_LABELS[field]} to approve (${currency})`}
              error={fields[field]}
              hint={termHint(termsText[field]!, askedText[field])}
            >
              <Input
                {...fieldProps(`decision-${field}`, fields[field], "hint")}
                inputMode="decimal"
                autoComplete="off"
                placeholder={terms[field]}
                value={lowered[field] ?? ""}
                onChange={(event) => {
                  setLowered((current) => ({ ...current, [field]: event.target.value }));
                  edited(field);
                }}
              />
            </FormField>
          ))}
        </div>
      ) : null}
      {cost && !approveBlockedBy ? (
        <RequestCostSummary id="decision-cost" currency={currency} amount={costAmount} cost={cost.cost} paying={cost.paying} />
      ) : null}
      <FormField id="decision-comment" label="Comment" error={fields.comment} hint={approveBlockedBy ? "Required to reject. The requester sees it." : "Required to reject; optional to approve. The requester sees it."}>
        <Textarea {...fieldProps("decision-comment", fields.comment, "hint")} value={comment} onChange={(event) => {
          setComment(event.target.value);
          edited("comment");
        }} maxLength={500} rows={3} />
      </FormField>
      <ActionFailureAlert failure={failure} shownFields={[...editable, "comment"]} />
      <div className="flex flex-wrap gap-2">
        {/* aria-disabled, not disabled, while saving: a disabled button drops keyboard focus to <body>. */}
        {approveBlockedBy ? null : (
          <Button onClick={() => (pending ? undefined : approve())} aria-disabled={pending || undefined} aria-busy={pending} className="aria-disabled:opacity-50">
            <Check aria-hidden /> {pending ? "Saving…" : "Approve"}
          </Button>
        )}
        <Button variant="outline" onClick={() => (pending ? undefined : reject())} aria-disabled={pending || undefined} className="aria-disabled:opacity-50">
          <X aria-hidden /> Reject
        </Button>
      </div>
    </section>
  );
}
