"use client";

import { useState } from "react";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { formatMoney } from "@/lib/format";
import { currencyExponent } from "@/lib/money";
import { fieldProps, FormField } from "@/components/forms/form-field";
import { NO_FIRST_LOAD_ON_V2 } from "@/lib/providers/cardepass/first-load";
import type { CardKind } from "./card-product-fields";
import { FIRST_TOP_UP_LABEL } from "./labels";
import type { liveIssueAmountProblem } from "./issue-amount-check";
import type { IssueProduct, IssueValues } from "./issue-card-types";

type SetValues = (patch: Partial<IssueValues>) => void;

/** "0.00" for dollars, "0" for yen: the placeholder shows the decimals the currency has. */
export function zeroIn(currency: string): string {
  const decimals = currencyExponent(currency);
  return decimals === 0 ? "0" : `0.${"0".repeat(decimals)}`;
}

function MoneyInput({ id, value, onChange, onBlur, currency, error, hint, disabled, placeholder = zeroIn(currency) }: { id: string; value: string; onChange: (value: string) => void; onBlur?: () => void; currency: string; error?: string; hint?: boolean; disabled?: boolean; placeholder?: string }) {
  return (
    <div className="relative">
      <Input
        {...fieldProps(id, error, hint ? "hint" : undefined, disabled ? undefined : `${id}-currency`)}
        inputMode="decimal"
        autoComplete="off"
        value={value}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onBlur}
        placeholder={placeholder}
        className="pr-14 tabular-nums"
      />
      {disabled ? null : <span id={`${id}-currency`} className="text-muted-foreground pointer-events-none absolute top-1/2 right-3 -translate-y-1/2 text-sm">{currency}</span>}
    </div>
  );
}

/**
 * The money part of the form, which differs per provider and card model. noFirstLoad: the account issues this card
 * empty (Cardepass v2 Standard), so there is no amount to ask, only what to do instead, and an optional limit.
 * liveCheck: the first amount's check as it is typed, once the form's checks have loaded (first-load JavaScript budget).
 */
export function IssueAmountFields({
  kind,
  values,
  set,
  errors,
  currency,
  product,
  noFirstLoad = false,
  liveCheck = null,
}: {
  kind: CardKind;
  values: IssueValues;
  set: SetValues;
  errors: Record<string, string>;
  currency: string;
  product: IssueProduct | null;
  noFirstLoad?: boolean;
  liveCheck?: typeof liveIssueAmountProblem | null;
}) {
  // The first amount's own problems show once the field is left, then as it is typed; a shortfall shows at once.
  const [amountLeft, setAmountLeft] = useState(false);
  if (noFirstLoad) {
    // Cardepass v2's Standard apply examples carry a per-transaction limit ("maxAuthAmount"); its table lists no field.
    return (
      <>
        <p className="text-muted-foreground text-sm sm:col-span-2">{NO_FIRST_LOAD_ON_V2}</p>
        <FormField id="issue-per-transaction" label="Per-transaction limit" error={errors.perTransactionLimit} hint="Optional: the most one payment with this card can be; blank for none. Cardhub cannot change it later.">
          <MoneyInput id="issue-per-transaction" value={values.perTransactionLimit} onChange={(perTransactionLimit) => set({ perTransactionLimit })} currency={currency} error={errors.perTransactionLimit} hint placeholder="No limit" />
        </FormField>
      </>
    );
  }
  if (kind === "cardepass-sharebalance") {
    return (
      <>
        <FormField id="issue-per-transaction" label="Per-transaction limit" error={errors.perTransactionLimit}>
          <MoneyInput id="issue-per-transaction" value={values.perTransactionLimit} onChange={(perTransactionLimit) => set({ perTransactionLimit })} currency={currency} error={errors.perTransactionLimit} />
        </FormField>
        <div className="grid gap-1.5">
          <FormField id="issue-lifetime" label="Lifetime limit" error={errors.lifetimeLimit}>
            <MoneyInput
              id="issue-lifetime"
              value={values.unlimited ? "" : values.lifetimeLimit}
              disabled={values.unlimited}
              placeholder={values.unlimited ? "No lifetime limit" : zeroIn(currency)}
              onChange={(lifetimeLimit) => set({ lifetimeLimit })}
              currency={currency}
              error={errors.lifetimeLimit}
            />
          </FormField>
          <div className="flex items-center gap-2">
            <Checkbox id="issue-unlimited" checked={values.unlimited} onChange={(event) => set({ unlimited: event.target.checked })} />
            <Label htmlFor="issue-unlimited">Unlimited</Label>
          </div>
        </div>
      </>
    );
  }
  const balanceCurrency = product?.balanceCurrency ?? currency;
  // The chosen product's minimum first deposit, whichever provider states one (NobePay BINs, Card OPEN-API products).
  const minimum = product?.minFirstDeposit != null ? `At least ${formatMoney(product.minFirstDeposit, balanceCurrency)}.` : null;
  const hint =
    kind === "nobepay" && product
      ? [minimum, product.availableBalance !== null ? `The BIN's account holds ${formatMoney(product.availableBalance, balanceCurrency)}.` : null].filter(Boolean).join(" ")
      : [minimum, kind === "cardopenapi" ? "Loaded onto the card when it is issued." : "Moved from the funding account onto the card when it is issued."].filter(Boolean).join(" ");
  const live = product && liveCheck ? liveCheck({ text: values.initialAmount, left: amountLeft, kind, model: values.model, product, currency }) : null;
  const error = live ?? errors.initialAmount;
  return (
    <FormField id="issue-amount" label={FIRST_TOP_UP_LABEL} error={error} hint={hint || undefined}>
      <MoneyInput
        id="issue-amount"
        value={values.initialAmount}
        onChange={(initialAmount) => set({ initialAmount })}
        onBlur={() => setAmountLeft(values.initialAmount.trim() !== "")}
        currency={currency}
        error={error}
        hint={!!hint}
      />
    </FormField>
  );
}
