"use client";

import { Check, X } from "lucide-react";
import { DeferredDialog } from "@/components/layout/deferred-dialog";
import { useDecisionAnnouncer } from "./decision-announcer";
import type { RowDecisionView } from "./list-decision-view";

// The dialog's code (form, actions) loads when a button is first wanted, not with every requests list.
const loadDecisionDialog = () =>
  import("./request-decision-dialog").then((module) => module.RequestDecisionDialog);

// Small, and above the row's stretched link (components/lists/responsive-list.tsx lifts only other links).
const TRIGGER = "relative z-10 h-8 gap-1.5 px-2.5";

/**
 * Approve and Reject on a list row the viewer may decide now (lib/requests/list-decisions.ts), each behind a dialog,
 * each named with the request. The server decides again on the step shown.
 */
export function RequestRowDecisions({ view }: { view: RowDecisionView }) {
  const announce = useDecisionAnnouncer();
  const approve = (
    <>
      <Check aria-hidden /> Approve<span className="sr-only"> {view.name}</span>
    </>
  );
  const reject = (
    <>
      {/* One flex item, so the button's gap does not part the word from its ellipsis, which is left out of its name. */}
      <X aria-hidden />
      <span>
        Reject<span aria-hidden>…</span>
      </span>
      <span className="sr-only"> {view.name}</span>
    </>
  );
  return (
    <div className="flex flex-wrap gap-2">
      {view.approveBlockedBy ? null : (
        <DeferredDialog
          load={loadDecisionDialog}
          props={{
            view,
            decision: "approve" as const,
            trigger: approve,
            triggerClassName: TRIGGER,
            onSettled: announce,
          }}
          className={TRIGGER}
        >
          {approve}
        </DeferredDialog>
      )}
      <DeferredDialog
        load={loadDecisionDialog}
        props={{
          view,
          decision: "reject" as const,
          trigger: reject,
          triggerClassName: TRIGGER,
          onSettled: announce,
        }}
        className={TRIGGER}
      >
        {reject}
      </DeferredDialog>
      {/* Why only Reject is offered, where the decision is made: the request page says the same above its form. */}
      {view.approveBlockedBy ? <p className="text-muted-foreground w-full max-w-72 text-xs">{view.approveBlockedBy}</p> : null}
    </div>
  );
}
