"use client";

import { useCallback, useEffect, useId, useRef } from "react";
import { useQuery } from "@tanstack/react-query";
import { XIcon } from "lucide-react";
import { NativeModal } from "@/components/ui/native-modal";
import { ledgerStatusMeaning } from "./labels";
import { DetailsPart } from "./transaction-details";
import { detailsClientFor, detailsState, transactionDetailsQuery } from "./transaction-details-query";
import type { TransactionListItem } from "./transaction-list-item";
import { TransactionStatusBadge } from "./transaction-status-badge";

// The list loads this module to prefetch a row's details when it is pointed at or focused (its code comes with it).
export { prefetchTransactionDetails } from "./transaction-details-query";

/**
 * The detail drawer of one listed transaction. Its header is the list row's, shown at once; the rest is fetched
 * (GET /api/transactions/[id]) into the list's cache of details, `detailsCache` (see detailsClientFor).
 */
export function TransactionDrawer({
  row,
  detailsCache,
  onClose,
}: {
  row: TransactionListItem;
  detailsCache: object;
  onClose: () => void;
}) {
  const titleId = useId();
  const descriptionId = useId();
  const title = useRef<HTMLHeadingElement>(null);
  const client = detailsClientFor(detailsCache);
  const query = useQuery(transactionDetailsQuery(row.id), client);
  const refetchDetails = useCallback(
    () => client.invalidateQueries({ queryKey: transactionDetailsQuery(row.id).queryKey }),
    [client, row.id],
  );

  // The list is refreshed from the server when a visible transaction changes (a hold settles): the header shows the
  // new row at once, and the details are fetched again so the two never disagree.
  const rowText = JSON.stringify(row);
  const shownRowText = useRef(rowText);
  useEffect(() => {
    if (shownRowText.current === rowText) return;
    shownRowText.current = rowText;
    void refetchDetails();
  }, [rowText, refetchDetails]);

  return (
    <NativeModal
      open
      onOpenChange={(open) => (open ? undefined : onClose())}
      // The title takes focus on opening, so reading starts at the top rather than at the first link (the card).
      initialFocus={() => title.current}
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      className="bg-background text-foreground fixed inset-y-0 right-0 left-auto z-50 m-0 flex h-full max-h-none w-full max-w-none flex-col gap-4 overflow-y-auto border-l p-5 shadow-lg backdrop:bg-black/50 sm:max-w-md"
    >
      <div className="grid gap-1 pr-8">
        <h2
          ref={title}
          id={titleId}
          tabIndex={-1}
          className="focus-visible:ring-ring/50 rounded-sm text-lg font-semibold break-words outline-none focus-visible:ring-[3px]"
        >
          {row.merchant}
        </h2>
        <p id={descriptionId} className="text-muted-foreground text-sm">
          {row.kind} on {row.occurredAt}
        </p>
      </div>
      <div className="grid gap-2">
        <p className="text-2xl font-semibold tabular-nums">
          {row.amount} <span className="text-muted-foreground text-sm font-normal">{row.currency}</span>
        </p>
        <div>
          <TransactionStatusBadge status={row.status} />
        </div>
        <p className="text-muted-foreground text-sm">{ledgerStatusMeaning(row)}</p>
      </div>
      <DetailsPart
        state={detailsState(query)}
        onRetry={() => {
          // The Retry button gives way to the skeleton: focus goes back to the top rather than to the page.
          title.current?.focus();
          void query.refetch();
        }}
        onMemoSaved={() => void refetchDetails()}
      />
      <button
        type="button"
        onClick={onClose}
        className="overlay-close"
      >
        <XIcon aria-hidden className="size-4" />
        <span className="sr-only">Close details</span>
      </button>
    </NativeModal>
  );
}
