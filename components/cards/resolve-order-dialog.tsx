"use client";

import { useEffect, useState } from "react";
import { ClipboardCheck } from "lucide-react";
import { fieldProps, FormField } from "@/components/forms/form-field";
import { useRefreshingAction } from "@/components/forms/use-refreshing-action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { resolveOrderAction } from "@/lib/actions/orders/resolve-order";
import { RESOLUTION_NOTE_MAX, type ResolutionOutcome } from "@/lib/orders/resolution";
import type { OrderType } from "@/lib/providers/types";
import { ActionFailureAlert } from "./action-failure";
import { useOrderTracker } from "./order-tracker";

export type ReviewedOrder = {
  id: string;
  type: OrderType;
  /** What it was, for a person: "Top-up of $5.00". */
  what: string;
  /** When it was sent, as the page shows times. */
  sentAt: string;
};

type Props = {
  order: ReviewedOrder;
  providerLabel: string;
  /** Told what was recorded once it is: the page's announcement, since this dialog's trigger leaves with the review. */
  onResolved: (message: string) => void;
  defaultOpen?: boolean;
};

const FIELDS = ["outcome", "providerCardId", "note"] as const;

function outcomeHints(type: OrderType, providerLabel: string): Record<ResolutionOutcome, string> {
  return {
    done:
      type === "issue"
        ? `Cardhub links the card ${providerLabel} made to this one and reads it from ${providerLabel}.`
        : `Cardhub marks it completed and reads the card again from ${providerLabel}.`,
    not_done: `Cardhub marks it failed${type === "topup" || type === "issue" ? "; no money was taken, and it can be asked for again" : ""}.`,
  };
}

/**
 * Finance records what the provider shows for a request whose outcome Cardhub could not learn, with a note for the
 * audit log. The server decides again whether this person may, and whether the request is still in review.
 */
export function ResolveOrderDialog({ order, providerLabel, onResolved, defaultOpen = false }: Props) {
  const [open, setOpen] = useState(defaultOpen);
  const [errors, setErrors] = useState<Record<string, string>>({});
  // The page is read again on success, and on a conflict (the request left review meanwhile: answered, or recorded by
  // someone else), which the page then shows.
  const { run, pending, failure, setFailure } = useRefreshingAction();
  const { clear } = useOrderTracker();
  const fields: Record<string, string> = { ...failure?.fields, ...errors };
  const [outcome, setOutcome] = useState<ResolutionOutcome | null>(null);
  const [providerCardId, setProviderCardId] = useState("");
  const [note, setNote] = useState("");
  const id = (field: string) => `resolve-${order.id}-${field}`;
  const needsCardId = order.type === "issue" && outcome === "done";
  const hints = outcomeHints(order.type, providerLabel);

  // The first field with a problem takes focus, whether the browser or the server found it.
  const firstProblem = FIELDS.find((field) => fields[field]);
  const focusTarget = firstProblem ? id(firstProblem === "outcome" ? "done" : firstProblem) : null;
  useEffect(() => {
    if (focusTarget) document.getElementById(focusTarget)?.focus();
  }, [focusTarget, failure, errors]);

  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (!next) {
      setErrors({});
      setFailure(null);
    }
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!outcome) found.outcome = `Choose what ${providerLabel} shows.`;
    if (needsCardId && !providerCardId.trim()) found.providerCardId = `Enter ${providerLabel}'s id of the card it made.`;
    if (note.trim().length < 3) found.note = `Say what you saw at ${providerLabel} (at least 3 characters).`;
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    run(
      () => resolveOrderAction({ orderId: order.id, outcome, note, providerCardId: needsCardId ? providerCardId : undefined }),
      // Closed and announced in one update: the announcement takes focus after the dialog has returned it to its
      // trigger, which leaves the page with the review. The card's current message (a stale "never said how it
      // ended") goes.
      ({ status }) => {
        clear();
        setOpen(false);
        onResolved(
          status === "completed"
            ? `Recorded: the ${order.what.toLowerCase()} was carried out at ${providerLabel}. The card is read again from ${providerLabel} and takes other changes again.`
            : `Recorded: the ${order.what.toLowerCase()} was not carried out. The card takes other changes again.`,
        );
      },
    );
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="outline">
          <ClipboardCheck aria-hidden /> Record the outcome
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>What does {providerLabel} show?</DialogTitle>
          <DialogDescription>
            {order.what}, sent {order.sentAt}: {providerLabel} never said how it ended. Check the card at {providerLabel}, then record what you found. Cardhub stops asking {providerLabel} once you do.
          </DialogDescription>
        </DialogHeader>
        <form method="post" onSubmit={submit} noValidate className="grid gap-4">
          <fieldset
            role="radiogroup"
            aria-labelledby={id("outcome-legend")}
            aria-invalid={fields.outcome ? true : undefined}
            aria-describedby={fields.outcome ? id("outcome-error") : undefined}
            className="grid gap-2"
          >
            <legend id={id("outcome-legend")} className="mb-1 text-sm font-medium">
              Outcome at {providerLabel}
            </legend>
            {(["done", "not_done"] as const).map((choice) => (
              <div key={choice} className="grid grid-cols-[auto_1fr] items-start gap-x-2">
                <input
                  type="radio"
                  id={id(choice)}
                  name={id("outcome")}
                  value={choice}
                  checked={outcome === choice}
                  onChange={() => setOutcome(choice)}
                  aria-describedby={id(`${choice}-hint`)}
                  className="accent-primary mt-1 size-4"
                />
                <label htmlFor={id(choice)} className="text-sm">
                  {choice === "done" ? `It was carried out at ${providerLabel}` : `It was not carried out`}
                </label>
                <p id={id(`${choice}-hint`)} className="text-muted-foreground col-start-2 text-xs">
                  {hints[choice]}
                </p>
              </div>
            ))}
            {fields.outcome ? (
              <p id={id("outcome-error")} className="text-destructive text-xs">
                {fields.outcome}
              </p>
            ) : null}
          </fieldset>
          {needsCardId ? (
            <FormField id={id("providerCardId")} label={`${providerLabel} card id`} error={fields.providerCardId} hint={`As ${providerLabel}'s portal shows the card it made. Cardhub asks ${providerLabel} about it before saving.`}>
              <Input
                {...fieldProps(id("providerCardId"), fields.providerCardId, "hint")}
                value={providerCardId}
                onChange={(event) => setProviderCardId(event.target.value)}
                maxLength={100}
                autoComplete="off"
                spellCheck={false}
                className="font-mono"
              />
            </FormField>
          ) : null}
          <FormField id={id("note")} label="Note" error={fields.note} hint="What you saw and where, such as the provider's order number. Kept in the audit log.">
            <Textarea {...fieldProps(id("note"), fields.note, "hint")} value={note} onChange={(event) => setNote(event.target.value)} maxLength={RESOLUTION_NOTE_MAX} rows={3} />
          </FormField>
          <ActionFailureAlert failure={failure} shownFields={FIELDS} />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Close
            </Button>
            <Button type="submit" disabled={pending} aria-busy={pending}>
              {pending ? "Recording…" : "Record outcome"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
