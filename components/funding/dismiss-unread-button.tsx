"use client";

import { DeferredDialog } from "@/components/layout/deferred-dialog";
import type { DismissTarget } from "./dismiss-unread-dialog";
import { useAnnounceDismissal } from "./dismissal-notice";

// The dialog (its form, the dialog parts and the action's client) loads when a button is first used, the download
// starting on hover or focus: the review page's first load carries only the buttons.
const loadDialog = () => import("./dismiss-unread-dialog").then((module) => module.DismissUnreadDialog);

/**
 * "Dismiss" on one entry, or "Dismiss all" above the list: opens the dialog that asks for the reason. `hiddenName`
 * completes the label for screen readers ("Dismiss transaction T-9"), since every row's button reads "Dismiss".
 */
export function DismissUnreadButton({ target, label, hiddenName, className }: { target: DismissTarget; label: string; hiddenName?: string; className?: string }) {
  const announce = useAnnounceDismissal();
  const content = (
    <>
      {label}
      {hiddenName ? <span className="sr-only"> {hiddenName}</span> : null}
    </>
  );
  return (
    <DeferredDialog className={className} load={loadDialog} props={{ target, trigger: content, triggerClassName: className, announce }}>
      {content}
    </DeferredDialog>
  );
}
