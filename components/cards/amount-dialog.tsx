"use client";

import { useRef, useState } from "react";
import { ArrowDownToLine, ArrowUpFromLine } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { topUpCardAction } from "@/lib/actions/cards/top-up-card";
import { withdrawCardAction } from "@/lib/actions/cards/withdraw-card";
import { feeKey, type FeeRule, type ProductFees } from "@/lib/fees/product-fees";
import type { PayingBalance } from "@/lib/funding/paying-balance";
import { formatMoney } from "@/lib/format";
import type { CardModel } from "@/lib/providers/types";
import { checkAmount } from "./amount-check";
import { CostSummary } from "./cost-summary";
import { ActionFailureAlert } from "./action-failure";
import { fieldProps, FormField } from "@/components/forms/form-field";
import { useCardAction } from "./use-card-action";

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
  /** The provider takes a withdrawal's fee off the card too (Cardepass), so the whole balance is not withdrawable. */
  feeOffCard?: boolean;
  disabled?: boolean;
  defaultOpen?: boolean;
};

/** Top-up moves money from the funding account onto the card; withdrawal moves it back (never above the balance). */
export function AmountDialog({ kind, cardId, cardModel, currency, balance, feeRule, paying, providerLabel, feeOffCard = false, disabled, defaultOpen = false }: Props) {
  const [open, setOpen] = useState(defaultOpen);
  const [amount, setAmount] = useState("");
  // The text's own problems show once the field is left (or on submit), then update as you type; an amount the
  // balance cannot cover shows at once.
  const [checked, setChecked] = useState(false);
  const { run, pending, failure, setFailure, newSubmission } = useCardAction(kind === "topUp" ? "topup" : "withdraw");
  const topUp = kind === "topUp";
  const id = `${kind}-amount`;
  const serverError = failure?.fields?.amount;
  const fees: ProductFees = feeRule ? { [feeKey(cardModel, topUp ? "topup" : "withdraw")]: feeRule } : {};
  const check = checkAmount({ text: amount, kind, currency, cardModel, fees, balance, paying });
  const minor = check.minor;
  const fee = check.fee;
  // More than the card holds cannot be withdrawn at all: the cost box shows no amount rather than cost a refused one.
  const costed = !topUp && minor !== null && balance !== null && minor > balance ? null : minor;
  const error = (checked ? check.textProblem : null) ?? check.amountProblem ?? undefined;
  const input = useRef<HTMLInputElement>(null);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (check.textProblem || check.amountProblem) {
      input.current?.focus();
      return;
    }
    const text = amount.trim();
    run((orderId) => (topUp ? topUpCardAction({ cardId, amount: text, orderId }) : withdrawCardAction({ cardId, amount: text, orderId })), () => {
      setOpen(false);
      setAmount("");
      setChecked(false);
    });
  };

  // MONEY: Cardepass takes a withdrawal's fee off the card as well (cardepass-v1.md: totalAmount = 转出金额+转出费用): with
  // the fee not known yet, the whole balance cannot be withdrawn, and the provider refuses it; say so before it is tried.
  const feeRoom = !topUp && feeOffCard && fee === null ? ` ${providerLabel} also takes its withdrawal fee off the card: leave room for it.` : "";
  const hint = balance !== null ? `Card balance: ${formatMoney(balance, currency)}.${feeRoom}` : undefined;

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) {
          setChecked(false);
          setFailure(null);
          newSubmission();
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
                {...fieldProps(id, error ?? serverError, hint || undefined, `${id}-currency`)}
                inputMode="decimal"
                autoComplete="off"
                ref={input}
                value={amount}
                onChange={(event) => {
                  setAmount(event.target.value);
                  if (serverError) setFailure(null);
                }}
                onBlur={() => {
                  if (amount.trim() !== "") setChecked(true);
                }}
                placeholder="0.00"
                className="pr-14 tabular-nums"
                autoFocus
              />
              <span id={`${id}-currency`} className="text-muted-foreground pointer-events-none absolute top-1/2 right-3 -translate-y-1/2 text-sm">{currency}</span>
            </div>
          </FormField>
          <CostSummary
            id={`${kind}-cost`}
            currency={currency}
            amount={costed}
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
