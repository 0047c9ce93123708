"use client";

import { Undo2 } from "lucide-react";
import { ActionFailureAlert } from "@/components/cards/action-failure";
import type { ActionFailure } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";

type Props = {
  /** Cancels it (the server checks again that this person may); the dialog stays open until it is done or refused. */
  onConfirm: () => void;
  pending: boolean;
  failure: ActionFailure | null;
  /** Closed without cancelling: a refusal shown in it is forgotten. */
  onDismiss: () => void;
  defaultOpen?: boolean;
};

/**
 * Cancelling a request is one confirmation away, not one click: it cannot be undone, and asking again means a new
 * request that starts its approvals over. Loaded when its button is first wanted (components/layout/deferred-dialog.tsx).
 */
export function CancelRequestDialog({ onConfirm, pending, failure, onDismiss, defaultOpen = false }: Props) {
  return (
    <AlertDialog defaultOpen={defaultOpen} onOpenChange={(open) => (open ? undefined : onDismiss())}>
      <AlertDialogTrigger asChild>
        <Button variant="outline">
          <Undo2 aria-hidden /> Cancel request
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Cancel this request?</AlertDialogTitle>
          <AlertDialogDescription>It stops where it is and is never carried out. This cannot be undone: to ask again, send a new request, which starts its approvals over.</AlertDialogDescription>
        </AlertDialogHeader>
        <ActionFailureAlert failure={failure} />
        <AlertDialogFooter>
          <AlertDialogCancel>Keep request</AlertDialogCancel>
          {/* aria-disabled, not disabled, while saving: a disabled button drops keyboard focus to <body>. */}
          <Button variant="destructive" aria-disabled={pending || undefined} aria-busy={pending} className="aria-disabled:opacity-50" onClick={() => (pending ? undefined : onConfirm())}>
            {pending ? "Cancelling…" : "Yes, cancel request"}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
