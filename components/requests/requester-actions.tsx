"use client";

import { useState } from "react";
import { RotateCcw, Undo2 } from "lucide-react";
import { ActionFailureAlert } from "@/components/cards/action-failure";
import { ActionAnnouncement } from "@/components/forms/action-announcement";
import { Button } from "@/components/ui/button";
import { cancelRequestAction } from "@/lib/actions/requests/cancel-request";
import { retryRequestAction } from "@/lib/actions/requests/retry-request";
import { useRefreshingAction } from "@/components/forms/use-refreshing-action";

/**
 * Cancel (the requester, before execution) and Retry (finance, after a failure). The server checks both again. Always
 * rendered by the request page, so that once the request has moved on and the buttons are gone, the outcome is still
 * announced where focus was.
 */
export function RequestActions({ requestId, mayCancel, mayRetry }: { requestId: string; mayCancel: boolean; mayRetry: boolean }) {
  const cancel = useRefreshingAction();
  const retry = useRefreshingAction();
  const [outcome, setOutcome] = useState<string | null>(null);
  if ((!mayCancel && !mayRetry) || outcome) return <ActionAnnouncement message={outcome} />;
  const pending = cancel.pending || retry.pending;
  return (
    <div className="grid gap-2">
      <div className="flex flex-wrap gap-2">
        {/* aria-disabled, not disabled, while saving: a disabled button drops keyboard focus to <body>. */}
        {mayCancel ? (
          <Button
            variant="outline"
            aria-disabled={pending || undefined}
            aria-busy={cancel.pending}
            className="aria-disabled:opacity-50"
            onClick={() => (pending ? undefined : cancel.run(() => cancelRequestAction({ requestId }), () => setOutcome("You cancelled this request. Nobody needs to approve it now.")))}
          >
            <Undo2 aria-hidden /> {cancel.pending ? "Cancelling…" : "Cancel request"}
          </Button>
        ) : null}
        {mayRetry ? (
          <Button
            variant="outline"
            aria-disabled={pending || undefined}
            aria-busy={retry.pending}
            className="aria-disabled:opacity-50"
            onClick={() => (pending ? undefined : retry.run(() => retryRequestAction({ requestId }), () => setOutcome("Sent again. Cardhub is carrying it out now.")))}
          >
            <RotateCcw aria-hidden /> {retry.pending ? "Retrying…" : "Retry"}
          </Button>
        ) : null}
      </div>
      <ActionFailureAlert failure={cancel.failure ?? retry.failure} />
    </div>
  );
}
