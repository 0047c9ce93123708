"use client";

import { useState } from "react";
import { ArrowDownToLine, ArrowUpFromLine } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { topUpCardAction } from "@/lib/actions/cards/top-up-card";
import { withdrawCardAction } from "@/lib/actions/cards/withdraw-card";
import { amountTextProblem } from "@/lib/cards/form-checks";
import { fundingShortfall } from "@/lib/fees/disclosure";
import { feeKey, quoteFee, type FeeRule, type ProductFees } from "@/lib/fees/product-fees";
import type { PayingBalance } from "@/lib/funding/paying-balance";
import { formatMoney } from "@/lib/format";
import { currencyExponent, parseMoney } from "@/lib/money";
import type { CardModel } from "@/lib/providers/types";
import { CostSummary } from "./cost-summary";
import { ActionFailureAlert } from "./action-failure";
import { fieldProps, FormField } from "@/components/forms/form-field";
import { useCardAction } from "./use-card-action";

/** Typed text → minor units, or null while it is not an amount yet (the summary then shows no total). */
function typedMinor(text: string, currency: string): bigint | null {
  if (amountTextProblem(text.trim())) return null;
  try {
    return parseMoney(text.trim(), currency).amount;
  } catch {
    return null;
  }
}

type Props = {
  kind: "topUp" | "withdraw";
  cardId: string;
  cardModel: CardModel;
  currency: string;
  balance: bigint | null;
  /** The product's fee for this action, published or last charged; null = not known. */
  feeRule: FeeRule | null;
  /** The funding balance a top-up is paid from, as last refreshed. */
  paying: PayingBalance | null;
  providerLabel: string;
  disabled?: boolean;
  defaultOpen?: boolean;
};

/** Top-up moves money from the funding account onto the card; withdrawal moves it back (never above the balance). */
export function AmountDialog({ kind, cardId, cardModel, currency, balance, feeRule, paying, providerLabel, disabled, defaultOpen = false }: Props) {
  const [open, setOpen] = useState(defaultOpen);
  const [amount, setAmount] = useState("");
  const [error, setError] = useState<string | undefined>();
  const { run, pending, failure, setFailure } = useCardAction(kind === "topUp" ? "topup" : "withdraw");
  const topUp = kind === "topUp";
  const id = `${kind}-amount`;
  const serverError = failure?.fields?.amount;
  const minor = typedMinor(amount, currency);
  const fees: ProductFees = feeRule ? { [feeKey(cardModel, topUp ? "topup" : "withdraw")]: feeRule } : {};
  const fee = quoteFee(fees, cardModel, topUp ? "topup" : "withdraw", minor ?? 0n);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const text = amount.trim();
    const problem = amountTextProblem(text);
    if (problem) {
      setError(problem);
      return;
    }
    let minor: bigint;
    try {
      minor = parseMoney(text, currency).amount;
    } catch {
      setError(`${currency} amounts have at most ${currencyExponent(currency)} decimal places.`);
      return;
    }
    if (!topUp && balance !== null && minor > balance) {
      setError(`You can withdraw at most ${formatMoney(balance, currency)}, the card's balance.`);
      return;
    }
    const quoted = quoteFee(fees, cardModel, topUp ? "topup" : "withdraw", minor);
    if (!topUp && balance !== null && quoted && minor + quoted.fee > balance) {
      setError(`With its ${formatMoney(quoted.fee, currency)} fee this takes ${formatMoney(minor + quoted.fee, currency)} off the card, which holds ${formatMoney(balance, currency)}.`);
      return;
    }
    const shortfall = topUp ? fundingShortfall({ amount: minor, currency, fee: quoted, paying, what: "top-up" }) : null;
    if (shortfall) {
      setError(shortfall);
      return;
    }
    setError(undefined);
    run(() => (topUp ? topUpCardAction({ cardId, amount: text }) : withdrawCardAction({ cardId, amount: text })), () => {
      setOpen(false);
      setAmount("");
    });
  };

  const hint = balance !== null ? `Card balance: ${formatMoney(balance, currency)}.` : undefined;

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) {
          setError(undefined);
          setFailure(null);
        }
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline" disabled={disabled}>
          {topUp ? <ArrowDownToLine aria-hidden /> : <ArrowUpFromLine aria-hidden />}
          {topUp ? "Top up" : "Withdraw"}
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{topUp ? "Top up card" : "Withdraw from card"}</DialogTitle>
          <DialogDescription>
            {topUp
              ? `The amount is taken from the ${providerLabel} funding account and added to the card's balance.`
              : `The amount is taken off the card and returned to the ${providerLabel} funding account.`}
          </DialogDescription>
        </DialogHeader>
        <form method="post" onSubmit={submit} noValidate className="grid gap-4">
          <FormField id={id} label="Amount" error={error ?? serverError} hint={hint || undefined}>
            <div className="relative">
              <Input
                {...fieldProps(id, error ?? serverError, hint || undefined)}
                inputMode="decimal"
                autoComplete="off"
                value={amount}
                onChange={(event) => setAmount(event.target.value)}
                placeholder="0.00"
                className="pr-14 tabular-nums"
                autoFocus
              />
              <span className="text-muted-foreground pointer-events-none absolute top-1/2 right-3 -translate-y-1/2 text-sm">{currency}</span>
            </div>
          </FormField>
          <CostSummary
            id={`${kind}-cost`}
            currency={currency}
            amount={minor}
            amountLabel={topUp ? "Added to the card" : "Returned to the funding account"}
            fee={fee}
            providerLabel={providerLabel}
            totalLabel={topUp ? "Total from the funding account" : "Total off the card"}
            paying={topUp ? { label: `${providerLabel} funding balance`, balance: paying } : null}
          />
          <ActionFailureAlert failure={failure} shownFields={["amount"]} />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              Close
            </Button>
            <Button type="submit" disabled={pending} aria-busy={pending}>
              {pending ? "Sending…" : topUp ? "Top up card" : "Withdraw"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
