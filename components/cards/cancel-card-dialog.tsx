"use client";

import { useRef, useState } from "react";
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
import { cancelReturnsBalance } from "@/lib/cards/cancel-returns-balance";
import { feeSourceText } from "@/lib/fees/disclosure";
import { feeKey, quoteFee, type FeeRule } from "@/lib/fees/product-fees";
import { formatMoney } from "@/lib/format";
import type { CardModel, ProviderName } from "@/lib/providers/types";
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
  /** Decides what the dialog may promise about the balance: only Cardepass documents returning it. */
  provider?: ProviderName;
  disabled?: boolean;
  defaultOpen?: boolean;
};

/** Irreversible, so it says exactly what happens to the money before anyone confirms. */
export function CancelCardDialog({ cardId, alias, cardModel, currency, balance, cancelFee, providerLabel, provider, disabled, defaultOpen = false }: Props) {
  const [open, setOpen] = useState(defaultOpen);
  const { run, pending, failure, setFailure, newSubmission } = useCardAction("cancel");
  // Once cancelling this trigger is gone: focus stays on the result message, not returned here (as FreezeCardDialog).
  const cancelled = useRef(false);

  const fee = cancelFee ? quoteFee({ [feeKey(cardModel, "cancel")]: cancelFee }, cardModel, "cancel", 0n) : null;
  const feeKnown = fee !== null && fee.currency === currency;
  // MONEY: a fee charged in another currency than the card's (a USD fee on a JPY card) is said in its own and never
  // taken off the card's balance.
  const feeApart = fee !== null && fee.currency !== currency ? fee : null;
  const returned = balance !== null && feeKnown ? (balance > fee.fee ? balance - fee.fee : 0n) : null;

  const holds = cardModel !== "sharebalance" && balance !== null && balance > 0n;
  // The dialog promises no more than the provider's documents: see cancelReturnsBalance for what each one says.
  const returnsBalance = cancelReturnsBalance(provider, cardModel);
  const destination =
    provider === "nobepay"
      ? `${providerLabel}'s documents do not say whether this balance is returned to your account when the card is deleted: withdraw it first to be sure of getting it back.`
      : provider === "cardopenapi"
        ? `${providerLabel}'s documents do not say what happens to this balance on cancellation, and they name no withdrawal: spend it first or check with ${providerLabel}.`
        : !returnsBalance
          ? `${providerLabel}'s documents do not say what happens to this balance on cancellation: withdraw it first or check with ${providerLabel}.`
          : feeApart && feeApart.fee > 0n
            ? `It is returned to the ${providerLabel} funding account; the fee is charged in ${feeApart.currency}, so it is not taken off this balance here: ${providerLabel} states what it returned once it settles the cancellation.`
            : returned !== null && feeKnown && fee.fee > 0n
            ? `Less the fee, it is returned to the ${providerLabel} funding account: ${formatMoney(returned, currency)}.`
            : `It is returned to the ${providerLabel} funding account.`;
  const money =
    cardModel === "sharebalance"
      ? "This is a ShareBalance card: it holds no balance of its own, so no money moves. Its remaining limit simply stops being usable."
      : holds
        ? null
        : balance === null
          ? `Cardhub has no balance on record for this card; what ${providerLabel} does with any balance left is recorded once it confirms the cancellation.`
          : `The card holds no balance, as last known.`;
  const feeText = feeApart
    ? feeApart.fee > 0n
      ? `${providerLabel} charges a cancellation fee of ${formatMoney(feeApart.fee, feeApart.currency)}, charged in ${feeApart.currency} (${feeSourceText(feeApart)}).`
      : `${providerLabel} charges no cancellation fee (${feeSourceText(feeApart)}).`
    : feeKnown
    ? fee.fee > 0n
      ? `${providerLabel} charges a cancellation fee of ${formatMoney(fee.fee, currency)} (${feeSourceText(fee)}).`
      : `${providerLabel} charges no cancellation fee (${feeSourceText(fee)}).`
    : returnsBalance
      ? `${providerLabel} has not stated a cancellation fee for this product yet; any fee it charges comes off the returned balance.`
      : `${providerLabel} has not stated a cancellation fee for this product yet.`;

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
        <Button variant="outline" className="text-destructive hover:text-destructive" disabled={disabled}>
          <Ban aria-hidden /> Cancel card
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent onCloseAutoFocus={(event) => (cancelled.current ? event.preventDefault() : undefined)}>
        <AlertDialogHeader>
          <AlertDialogTitle>Cancel “{alias}”?</AlertDialogTitle>
          <AlertDialogDescription>The card stops working for good: every new payment is declined. This cannot be undone.</AlertDialogDescription>
        </AlertDialogHeader>
        {holds ? (
          <p role="alert" data-testid="cancel-balance-warning" className="border-destructive/40 rounded-md border px-3 py-2 text-sm">
            <span className="font-medium">This card still holds {formatMoney(balance, currency)}.</span> {destination}
          </p>
        ) : null}
        <ul className="grid list-disc gap-1 pl-5 text-sm">
          {money ? <li>{money}</li> : null}
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
            onClick={() =>
              run(
                (orderId) => cancelCardAction({ cardId, confirm: true, orderId }),
                () => {
                  cancelled.current = true;
                  setOpen(false);
                },
              )
            }
          >
            {pending ? "Cancelling…" : "Yes, cancel card"}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
