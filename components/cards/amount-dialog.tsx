"use client";

import { useState } from "react";
import { ArrowDownToLine, ArrowUpFromLine } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { topUpCardAction } from "@/lib/actions/cards/top-up-card";
import { withdrawCardAction } from "@/lib/actions/cards/withdraw-card";
import { amountTextProblem } from "@/lib/cards/form-checks";
import { formatDecimalMoney, formatMoney } from "@/lib/format";
import { currencyExponent, parseMoney } from "@/lib/money";
import { ActionFailureAlert } from "./action-failure";
import { fieldProps, FormField } from "@/components/forms/form-field";
import { useCardAction } from "./use-card-action";

type Fee = { amount: string; currency: string } | null;

/** Top-up moves money from the funding account onto the card; withdrawal moves it back (never above the balance). */
export function AmountDialog({ kind, cardId, currency, balance, fee, providerLabel, disabled, defaultOpen = false }: { kind: "topUp" | "withdraw"; cardId: string; currency: string; balance: bigint | null; fee: Fee; providerLabel: string; disabled?: boolean; defaultOpen?: boolean }) {
  const [open, setOpen] = useState(defaultOpen);
  const [amount, setAmount] = useState("");
  const [error, setError] = useState<string | undefined>();
  const { run, pending, failure, setFailure } = useCardAction(kind === "topUp" ? "topup" : "withdraw");
  const topUp = kind === "topUp";
  const id = `${kind}-amount`;
  const serverError = failure?.fields?.amount;

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
    setError(undefined);
    run(() => (topUp ? topUpCardAction({ cardId, amount: text }) : withdrawCardAction({ cardId, amount: text })), () => {
      setOpen(false);
      setAmount("");
    });
  };

  const hint = [
    balance !== null ? `Card balance: ${formatMoney(balance, currency)}.` : null,
    fee ? `${providerLabel} charges ${formatDecimalMoney(fee.amount, fee.currency)} for a ${topUp ? "top-up" : "withdrawal"}.` : null,
  ]
    .filter(Boolean)
    .join(" ");

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
        <form onSubmit={submit} noValidate className="grid gap-4">
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
