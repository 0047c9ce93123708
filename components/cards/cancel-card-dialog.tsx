"use client";

import { useState } from "react";
import { Ban } from "lucide-react";
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
import { cancelCardAction } from "@/lib/actions/cards/cancel-card";
import { feeSourceText } from "@/lib/fees/disclosure";
import { feeKey, quoteFee, type FeeRule } from "@/lib/fees/product-fees";
import { formatMoney } from "@/lib/format";
import type { CardModel } from "@/lib/providers/types";
import { ActionFailureAlert } from "./action-failure";
import { useCardAction } from "./use-card-action";

type Props = {
  cardId: string;
  alias: string;
  cardModel: CardModel;
  currency: string;
  balance: bigint | null;
  /** The product's cancellation fee, published or last charged; null = not known. */
  cancelFee: FeeRule | null;
  providerLabel: string;
  disabled?: boolean;
  defaultOpen?: boolean;
};

/** Irreversible, so it says exactly what happens to the money before anyone confirms. */
export function CancelCardDialog({ cardId, alias, cardModel, currency, balance, cancelFee, providerLabel, disabled, defaultOpen = false }: Props) {
  const [open, setOpen] = useState(defaultOpen);
  const { run, pending, failure, setFailure } = useCardAction("cancel");

  const fee = cancelFee ? quoteFee({ [feeKey(cardModel, "cancel")]: cancelFee }, cardModel, "cancel", 0n) : null;
  const feeKnown = fee !== null && fee.currency === currency;
  const returned = balance !== null && feeKnown ? (balance > fee.fee ? balance - fee.fee : 0n) : null;

  const money =
    cardModel === "sharebalance"
      ? "This is a ShareBalance card: it holds no balance of its own, so no money moves. Its remaining limit simply stops being usable."
      : balance !== null && balance > 0n
        ? returned !== null && feeKnown && fee.fee > 0n
          ? `The remaining balance of ${formatMoney(balance, currency)}, less the fee, is returned to the ${providerLabel} funding account: ${formatMoney(returned, currency)}.`
          : `The remaining balance of ${formatMoney(balance, currency)} is returned to the ${providerLabel} funding account.`
        : `Any remaining balance is returned to the ${providerLabel} funding account.`;
  const feeText = feeKnown
    ? fee.fee > 0n
      ? `${providerLabel} charges a cancellation fee of ${formatMoney(fee.fee, currency)} (${feeSourceText(fee)}).`
      : `${providerLabel} charges no cancellation fee (${feeSourceText(fee)}).`
    : `${providerLabel} has not stated a cancellation fee for this product yet; any fee it charges comes off the returned balance.`;

  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setFailure(null);
      }}
    >
      <AlertDialogTrigger asChild>
        <Button variant="outline" className="text-destructive hover:text-destructive" disabled={disabled}>
          <Ban aria-hidden /> Cancel card
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Cancel “{alias}”?</AlertDialogTitle>
          <AlertDialogDescription>The card stops working for good: every new payment is declined. This cannot be undone.</AlertDialogDescription>
        </AlertDialogHeader>
        <ul className="grid list-disc gap-1 pl-5 text-sm">
          <li>{money}</li>
          <li>{feeText}</li>
          <li>Payments already authorised may still settle.</li>
        </ul>
        <ActionFailureAlert failure={failure} />
        <AlertDialogFooter>
          <AlertDialogCancel>Keep card</AlertDialogCancel>
          <Button
            variant="destructive"
            disabled={pending}
            aria-busy={pending}
            onClick={() => run(() => cancelCardAction({ cardId, confirm: true }), () => setOpen(false))}
          >
            {pending ? "Cancelling…" : "Yes, cancel card"}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
