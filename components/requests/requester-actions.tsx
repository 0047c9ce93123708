"use client";

import { useState } from "react";
import { RotateCcw, Undo2 } from "lucide-react";
import { ActionFailureAlert } from "@/components/cards/action-failure";
import { DeferredDialog } from "@/components/layout/deferred-dialog";
import { ActionAnnouncement } from "@/components/forms/action-announcement";
import { Button } from "@/components/ui/button";
import type { RequestStatus } from "@/db/schema/requests";
import { cancelRequestAction } from "@/lib/actions/requests/cancel-request";
import { retryRequestAction } from "@/lib/actions/requests/retry-request";
import { useRefreshingAction } from "@/components/forms/use-refreshing-action";
import { outcomeNow, type RequestOutcome } from "./request-outcome";

// The confirmation's code (dialog primitives) loads when its button is first wanted, not with every request page.
const loadCancelDialog = () => import("./cancel-request-dialog").then((module) => module.CancelRequestDialog);

/**
 * Cancel (the requester, before execution, after a confirmation) and Retry (finance, after a failure). The server
 * checks both again. Always rendered by the request page, so that once the request has moved on and the buttons are
 * gone, the outcome is still announced where focus was, for as long as it holds.
 */
export function RequestActions({ requestId, status, mayCancel, mayRetry }: { requestId: string; status: RequestStatus; mayCancel: boolean; mayRetry: boolean }) {
  const cancel = useRefreshingAction();
  const retry = useRefreshingAction();
  const [outcome, setOutcome] = useState<RequestOutcome | null>(null);
  if ((!mayCancel && !mayRetry) || outcome) return <ActionAnnouncement message={outcomeNow(outcome, status)} />;
  const pending = cancel.pending || retry.pending;
  return (
    <div className="grid gap-2">
      <div className="flex flex-wrap gap-2">
        {mayCancel ? (
          <DeferredDialog
            load={loadCancelDialog}
            props={{
              pending: cancel.pending,
              failure: cancel.failure,
              onDismiss: () => cancel.setFailure(null),
              onConfirm: () =>
                cancel.run(
                  () => cancelRequestAction({ requestId }),
                  () => setOutcome({ message: "You cancelled this request. Nobody needs to approve it now.", holdsWhile: ["pending", "approved", "executing", "cancelled"] }),
                ),
            }}
          >
            <Undo2 aria-hidden /> Cancel request
          </DeferredDialog>
        ) : null}
        {mayRetry ? (
          // aria-disabled, not disabled, while saving: a disabled button drops keyboard focus to <body>.
          <Button
            variant="outline"
            aria-disabled={pending || undefined}
            aria-busy={retry.pending}
            className="aria-disabled:opacity-50"
            onClick={() =>
              pending
                ? undefined
                : retry.run(
                    () => retryRequestAction({ requestId }),
                    () => setOutcome({ message: "Sent again. Cardhub is carrying it out now.", holdsWhile: ["failed", "approved", "executing"] }),
                  )
            }
          >
            <RotateCcw aria-hidden /> {retry.pending ? "Retrying…" : "Retry"}
          </Button>
        ) : null}
      </div>
      <ActionFailureAlert failure={retry.failure} />
    </div>
  );
}
