"use client";

import { useEffect, useId, useRef, useState } from "react";
import { ActionFailureAlert } from "@/components/cards/action-failure";
import { fieldProps, FormField } from "@/components/forms/form-field";
import { useRefreshingAction } from "@/components/forms/use-refreshing-action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Textarea } from "@/components/ui/textarea";
import type { UnreadEntryVersion } from "@/db/queries/transaction-rows-unread-review";
import { dismissUnreadTransactionsAction } from "@/lib/actions/provider-accounts/dismiss-unread-transactions";
import { DISMISS_ALL_LIMIT, DISMISSAL_REASON_MAX, dismissalReasonProblem } from "@/lib/provider-accounts/unread-dismissal-rules";

/** The account a dismissal comes from, as the review page read it. */
export type DismissList = {
  accountId: string;
  accountLabel: string;
};

/**
 * What a dismissal is about: one entry, or all the open entries the page read. Each is named with the openedAt the page
 * read with it: one failing for a new reason since is left open.
 */
export type DismissTarget = DismissList &
  (
    | {
        /** One entry ("transaction T-9" or "a transaction without an id", with the adapter's reason). */
        entry: UnreadEntryVersion & { name: string; reason: string };
      }
    | {
        entry: null;
        /** The open entries the page read, oldest first, at most DISMISS_ALL_LIMIT: "all" dismisses these and no other. */
        entries: readonly UnreadEntryVersion[];
        /** How many entries of the account were open when the page read them. */
        openCount: number;
      }
  );

type Props = {
  target: DismissTarget;
  /** The trigger's content, the same the deferred button showed. */
  trigger: React.ReactNode;
  triggerClassName?: string;
  /**
   * Told what happened once it has: the page's announcement, since this trigger leaves with the entry when the page is
   * read again (after a dismissal, and after a conflict: the entry was dismissed or stored meanwhile).
   */
  announce: (message: string) => void;
  defaultOpen?: boolean;
};

const count = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

function titleOf(target: DismissTarget): string {
  if (target.entry) return `Dismiss ${target.entry.name}?`;
  const listed = target.entries.length;
  if (target.openCount > listed) return `Dismiss the oldest ${listed.toLocaleString("en-US")} of ${target.openCount.toLocaleString("en-US")} open entries?`;
  return `Dismiss ${listed === 1 ? "the open entry" : `all ${count(listed, "open entry", "open entries")}`}?`;
}

/**
 * Asks for the reason a provider transaction Cardhub could not read may stay out of the ledger, and dismisses it (or
 * every open entry of the account). The server decides again whether this person may, and what is still open.
 */
export function DismissUnreadDialog({ target, trigger, triggerClassName, announce, defaultOpen = false }: Props) {
  const [open, setOpen] = useState(defaultOpen);
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<string | undefined>();
  const { run, pending, failure, setFailure } = useRefreshingAction();
  const id = useId();
  const reasonId = `${id}-reason`;
  const reasonField = useRef<HTMLTextAreaElement>(null);
  const reasonError = problem ?? failure?.fields?.reason;

  // The reason takes focus when it has a problem, whether the browser or the server found it.
  useEffect(() => {
    if (reasonError) reasonField.current?.focus();
  }, [reasonError, failure]);

  // Each opening starts clean: a problem or failure belongs to the attempt that met it.
  const onOpenChange = (next: boolean) => {
    setOpen(next);
    setProblem(undefined);
    setFailure(null);
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (pending) return;
    const found = dismissalReasonProblem(reason) ?? undefined;
    setProblem(found);
    if (found) return;
    run(
      async () => {
        const which = target.entry
          ? { entryId: target.entry.id, openedAt: target.entry.openedAt }
          : { entryId: null, listedEntries: target.entries.map(({ id, openedAt }) => ({ id, openedAt })) };
        const result = await dismissUnreadTransactionsAction({ accountId: target.accountId, ...which, reason });
        // A conflict reads the page again, which may take this dialog away with its entry: the page says why instead.
        if (!result.ok && result.error.code === "conflict") {
          setOpen(false);
          announce(`Nothing was dismissed. ${result.error.message}`);
        }
        return result;
      },
      // Closed and announced in one update: the announcement takes focus after the dialog has given it back.
      ({ dismissed, leftOpen }) => {
        setOpen(false);
        setReason("");
        const what = target.entry ? `Dismissed ${target.entry.name}.` : `Dismissed ${count(dismissed, "entry", "entries")}.`;
        const left = leftOpen > 0 ? ` ${count(leftOpen, "entry stays", "entries stay")} open: not on the list you read, failing for a new reason since, or beyond the ${DISMISS_ALL_LIMIT} dismissed at once.` : "";
        announce(`${what} ${dismissed === 1 ? "It no longer counts" : "They no longer count"} as missing from the ledger of ${target.accountLabel}.${target.entry ? "" : left}`);
      },
    );
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="outline" className={triggerClassName}>
          {trigger}
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{titleOf(target)}</DialogTitle>
          <DialogDescription>
            {target.entry ? `Cardhub could not read it: ${target.entry.reason.replace(/[.\s]+$/, "")}. ` : ""}
            Once dismissed, {target.entry ? "it no longer counts" : "they no longer count"} as missing from the ledger of {target.accountLabel}, and{" "}
            {target.entry ? "stays" : "stay"} listed under Dismissed with your name, the time and your reason. Read again with the same problem,{" "}
            {target.entry ? "it stays" : "an entry stays"} dismissed; with another problem, it opens again.
          </DialogDescription>
        </DialogHeader>
        <form method="post" onSubmit={submit} noValidate className="grid gap-4">
          <FormField id={reasonId} label="Reason" error={reasonError} hint="Why the ledger can go without it, such as what the provider said. Kept with the entry and in the audit log.">
            <Textarea
              ref={reasonField}
              {...fieldProps(reasonId, reasonError, "hint")}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              maxLength={DISMISSAL_REASON_MAX}
              rows={3}
              required
            />
          </FormField>
          <ActionFailureAlert failure={failure} shownFields={["reason"]} />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending} aria-busy={pending}>
              {pending ? "Dismissing…" : target.entry ? "Dismiss" : "Dismiss all"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
