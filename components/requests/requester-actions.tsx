"use client";

import { RotateCcw, Undo2 } from "lucide-react";
import { ActionFailureAlert } from "@/components/cards/action-failure";
import { Button } from "@/components/ui/button";
import { cancelRequestAction } from "@/lib/actions/requests/cancel-request";
import { retryRequestAction } from "@/lib/actions/requests/retry-request";
import { useRefreshingAction } from "@/components/forms/use-refreshing-action";

/** Cancel (the requester, before execution) and Retry (finance, after a failure). The server checks both again. */
export function RequestActions({ requestId, mayCancel, mayRetry }: { requestId: string; mayCancel: boolean; mayRetry: boolean }) {
  const cancel = useRefreshingAction();
  const retry = useRefreshingAction();
  if (!mayCancel && !mayRetry) return null;
  return (
    <div className="grid gap-2">
      <div className="flex flex-wrap gap-2">
        {mayCancel ? (
          <Button variant="outline" disabled={cancel.pending} aria-busy={cancel.pending} onClick={() => cancel.run(() => cancelRequestAction({ requestId }))}>
            <Undo2 aria-hidden /> {cancel.pending ? "Cancelling…" : "Cancel request"}
          </Button>
        ) : null}
        {mayRetry ? (
          <Button variant="outline" disabled={retry.pending} aria-busy={retry.pending} onClick={() => retry.run(() => retryRequestAction({ requestId }))}>
            <RotateCcw aria-hidden /> {retry.pending ? "Retrying…" : "Retry"}
          </Button>
        ) : null}
      </div>
      <ActionFailureAlert failure={cancel.failure ?? retry.failure} />
    </div>
  );
}
