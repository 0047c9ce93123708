"use client";

import { useRef, useState, type ReactNode } from "react";
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
import { freezeCardAction } from "@/lib/actions/cards/freeze-card";
import { ActionFailureAlert } from "./action-failure";
import { useCardAction } from "./use-card-action";

type Props = {
  cardId: string;
  alias: string;
  /** How the person freezing gets it used again: unfreezing it themselves, or who approves its unfreeze request (lib/requests/unfreeze-advice.ts). */
  unfreezeAdvice: string;
  icon: ReactNode;
  disabled?: boolean;
  defaultOpen?: boolean;
};

/**
 * Freezing is one confirmation away, not one click: someone who cannot unfreeze the card (its holder, their manager)
 * would otherwise stop their own payments by a slip and wait for an approved request to undo it.
 */
export function FreezeCardDialog({ cardId, alias, unfreezeAdvice, icon, disabled, defaultOpen = false }: Props) {
  const [open, setOpen] = useState(defaultOpen);
  const { run, pending, failure, setFailure, newSubmission } = useCardAction("freeze");
  // Once frozen this trigger is gone (Unfreeze takes its place): focus stays on the result message, not returned here.
  const frozen = useRef(false);
  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) {
          setFailure(null);
          newSubmission();
        }
      }}
    >
      <AlertDialogTrigger asChild>
        <Button variant="outline" disabled={disabled}>
          {icon} Freeze card
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent onCloseAutoFocus={(event) => (frozen.current ? event.preventDefault() : undefined)}>
        <AlertDialogHeader>
          <AlertDialogTitle>Freeze “{alias}”?</AlertDialogTitle>
          <AlertDialogDescription>Every new payment is declined while it is frozen. Payments already authorised may still settle.</AlertDialogDescription>
        </AlertDialogHeader>
        <p className="text-sm">{unfreezeAdvice}</p>
        <ActionFailureAlert failure={failure} />
        <AlertDialogFooter>
          <AlertDialogCancel>Keep it active</AlertDialogCancel>
          <Button disabled={pending} aria-busy={pending} onClick={() =>
              run(
                (orderId) => freezeCardAction({ cardId, orderId }),
                () => {
                  frozen.current = true;
                  setOpen(false);
                },
              )
            }>
            {pending ? "Freezing…" : "Freeze card"}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
