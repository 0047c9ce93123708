"use client";

import { Suspense } from "react";
import { IssueHolderFields } from "@/components/cards/issue-holder-fields";
import type { IssueAccount, IssueValues } from "@/components/cards/issue-card-types";
import { CardProductFields, type CardProductChoice } from "@/components/cards/card-product-fields";
import { fieldProps, FormField } from "@/components/forms/form-field";
import { Input } from "@/components/ui/input";
import { formatMoney } from "@/lib/format";
import { FIRST_TOP_UP_LABEL } from "@/components/cards/labels";
import { LazyIssueCost } from "@/components/cards/lazy-issue-cost";

/** The card the beneficiary will get: provider account, product, model, currency, amounts and (NobePay) holder. */
export function NewCardFields({
  accounts,
  values,
  set,
  errors,
  choice,
}: {
  accounts: IssueAccount[];
  values: IssueValues;
  set: (patch: Partial<IssueValues>) => void;
  errors: Record<string, string>;
  choice: CardProductChoice;
}) {
  const { account, product, kind, model, currency } = choice;
  const money = (id: string, label: string, key: "initialAmount" | "perTransactionLimit" | "lifetimeLimit", hint?: string) => (
    <FormField id={id} label={`${label} (${currency})`} error={errors[key]} hint={hint}>
      <Input {...fieldProps(id, errors[key], hint ? "hint" : undefined)} inputMode="decimal" autoComplete="off" placeholder="0.00" className="tabular-nums" value={values[key]} onChange={(event) => set({ [key]: event.target.value })} />
    </FormField>
  );
  const minimum = product?.minFirstDeposit != null ? `At least ${formatMoney(product.minFirstDeposit, product.balanceCurrency ?? currency)}.` : undefined;
  return (
    <>
      <CardProductFields idPrefix="request" accounts={accounts} values={values} set={set} errors={errors} choice={choice} noProductsHint="This account offers no products yet. Ask finance to refresh them." />
      {kind === "cardepass-sharebalance" ? (
        <>
          {money("request-per-transaction", "Per-transaction limit", "perTransactionLimit")}
          {money("request-lifetime", "Lifetime limit", "lifetimeLimit", "The most the card may ever spend.")}
        </>
      ) : kind ? (
        money("request-initial", FIRST_TOP_UP_LABEL, "initialAmount", minimum)
      ) : null}
      {kind && product ? (
        // The panel's place is kept while its code loads (the form preloads it once used), as on the issue form; a bare
        // block rather than the Skeleton component, whose module this page's first-load budget has no room for.
        <Suspense fallback={<div aria-hidden className="bg-muted h-28 animate-pulse rounded-md" />}>
          <LazyIssueCost id="request-cost" kind={kind} model={model} product={product} currency={currency} initialAmount={values.initialAmount} provider={account?.provider ?? null} withFundingBalance={false} />
        </Suspense>
      ) : null}
      <FormField id="request-alias" label="Card name" error={errors.alias} hint="How people will recognise the card, e.g. “Travel – Berlin”.">
        <Input {...fieldProps("request-alias", errors.alias, "hint")} value={values.alias} onChange={(event) => set({ alias: event.target.value })} maxLength={60} autoComplete="off" />
      </FormField>
      {kind === "nobepay" && product ? <IssueHolderFields values={values} set={set} errors={errors} states={product.usStates} /> : null}
    </>
  );
}
