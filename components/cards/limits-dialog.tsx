"use client";

import { useState } from "react";
import { SlidersHorizontal } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { setCardLimitsAction } from "@/lib/actions/cards/set-card-limits";
import { amountTextProblem } from "@/lib/cards/amount-text";
import { formatMoney, minorToDecimalText } from "@/lib/format";
import { ActionFailureAlert } from "./action-failure";
import { fieldProps, FormField } from "@/components/forms/form-field";
import { useCardDialog } from "./use-card-action";

type Props = { cardId: string; currency: string; perTransaction: bigint | null; lifetime: bigint | null; used: bigint | null; disabled?: boolean; defaultOpen?: boolean };

/** ShareBalance limits: per-transaction cap and a lifetime cap, or none ("Unlimited"). */
export function LimitsDialog({ cardId, currency, perTransaction, lifetime, used, disabled, defaultOpen = false }: Props) {
  const [perTransactionLimit, setPerTransactionLimit] = useState(perTransaction !== null ? minorToDecimalText(perTransaction, currency) : "");
  const [lifetimeLimit, setLifetimeLimit] = useState(lifetime !== null ? minorToDecimalText(lifetime, currency) : "");
  const [unlimited, setUnlimited] = useState(lifetime === null);
  const { open, onOpenChange, fields, submit: submitDialog, pending, failure } = useCardDialog("limits", defaultOpen);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const input = { cardId, perTransactionLimit, lifetimeLimit: unlimited ? "" : lifetimeLimit };
    const found: Record<string, string> = {};
    const perTransactionProblem = amountTextProblem(perTransactionLimit.trim());
    if (perTransactionProblem) found.perTransactionLimit = perTransactionProblem;
    if (!unlimited && lifetimeLimit.trim() === "") found.lifetimeLimit = "Enter a lifetime limit, or tick Unlimited.";
    else if (!unlimited) {
      const lifetimeProblem = amountTextProblem(lifetimeLimit.trim());
      if (lifetimeProblem) found.lifetimeLimit = lifetimeProblem;
    }
    submitDialog(found, (orderId) => setCardLimitsAction({ ...input, orderId }));
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="outline" disabled={disabled}>
          <SlidersHorizontal aria-hidden /> Change limits
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Change limits</DialogTitle>
          <DialogDescription>Payments above the per-transaction limit, or beyond the lifetime limit in total, are declined.</DialogDescription>
        </DialogHeader>
        <form method="post" onSubmit={submit} noValidate className="grid gap-4">
          <FormField id="limits-per-transaction" label="Per-transaction limit" error={fields.perTransactionLimit}>
            <Input
              {...fieldProps("limits-per-transaction", fields.perTransactionLimit)}
              inputMode="decimal"
              autoComplete="off"
              value={perTransactionLimit}
              onChange={(event) => setPerTransactionLimit(event.target.value)}
              className="tabular-nums"
            />
          </FormField>
          <FormField
            id="limits-lifetime"
            label="Lifetime limit"
            error={fields.lifetimeLimit}
            hint={used === null ? "The provider does not report how much the card has spent." : `Spent so far: ${formatMoney(used, currency)}.`}
          >
            <Input
              {...fieldProps("limits-lifetime", fields.lifetimeLimit, "hint")}
              inputMode="decimal"
              autoComplete="off"
              value={unlimited ? "" : lifetimeLimit}
              disabled={unlimited}
              placeholder={unlimited ? "No lifetime limit" : undefined}
              onChange={(event) => setLifetimeLimit(event.target.value)}
              className="tabular-nums"
            />
          </FormField>
          <div className="flex items-center gap-2">
            <Checkbox
              id="limits-unlimited"
              checked={unlimited}
              // The typed limit is kept while ticked (not sent), so unticking brings it back.
              onChange={(event) => setUnlimited(event.target.checked)}
            />
            <Label htmlFor="limits-unlimited">Unlimited</Label>
          </div>
          <p className="text-muted-foreground text-xs">Amounts in {currency}.</p>
          <ActionFailureAlert failure={failure} shownFields={["perTransactionLimit", "lifetimeLimit"]} />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Close
            </Button>
            <Button type="submit" disabled={pending} aria-busy={pending}>
              {pending ? "Saving…" : "Save limits"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
