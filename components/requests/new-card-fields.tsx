"use client";

import { useMemo } from "react";
import { IssueHolderFields } from "@/components/cards/issue-card-amounts";
import type { IssueAccount, IssueProduct, IssueValues } from "@/components/cards/issue-card-types";
import { MODEL_LABELS, PROVIDER_LABELS } from "@/components/cards/labels";
import { fieldProps, FormField } from "@/components/forms/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import type { IssueCardFormInput } from "@/lib/cards/schemas";
import { formatMoney } from "@/lib/format";

export type NewCardKind = IssueCardFormInput["kind"];

export function kindOf(account: IssueAccount | null, model: string): NewCardKind | null {
  if (!account) return null;
  if (account.provider === "nobepay") return "nobepay";
  if (account.provider === "cardopenapi") return "cardopenapi";
  return model === "sharebalance" ? "cardepass-sharebalance" : model === "standard" ? "cardepass-standard" : null;
}

/** What the new-card part of the form resolves to: the account, product, model, kind and currency chosen. */
export function useNewCardChoice(accounts: IssueAccount[], products: IssueProduct[], values: IssueValues) {
  const account = accounts.find((item) => item.id === values.accountId) ?? null;
  const offered = useMemo(() => products.filter((product) => product.providerAccountId === values.accountId), [products, values.accountId]);
  const product = offered.find((item) => item.providerProductId === values.productId) ?? null;
  const models = account?.provider === "cardepass" ? (product?.cardModels ?? []) : [];
  const model = account?.provider === "cardepass" ? (models.includes(values.model as never) ? values.model : (models[0] ?? "")) : "prepaid";
  const kind = kindOf(account, model);
  const currency = (product && (product.currencies.includes(values.currency) ? values.currency : product.currencies[0])) ?? product?.balanceCurrency ?? "USD";
  return { account, offered, product, models, model, kind, currency };
}

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
  choice: ReturnType<typeof useNewCardChoice>;
}) {
  const { account, offered, product, models, model, kind, currency } = choice;
  const money = (id: string, label: string, key: "initialAmount" | "perTransactionLimit" | "lifetimeLimit", hint?: string) => (
    <FormField id={id} label={`${label} (${currency})`} error={errors[key]} hint={hint}>
      <Input {...fieldProps(id, errors[key], hint ? "hint" : undefined)} inputMode="decimal" autoComplete="off" placeholder="0.00" className="tabular-nums" value={values[key]} onChange={(event) => set({ [key]: event.target.value })} />
    </FormField>
  );
  const minimum = product?.minFirstDeposit != null ? `At least ${formatMoney(product.minFirstDeposit, product.balanceCurrency ?? currency)}.` : undefined;
  return (
    <>
      <FormField id="request-account" label="Provider account" error={errors.accountId}>
        <NativeSelect {...fieldProps("request-account", errors.accountId)} value={values.accountId} onChange={(event) => set({ accountId: event.target.value, productId: "", model: "", currency: "", state: "" })}>
          <option value="">Choose an account</option>
          {accounts.map((item) => (
            <option key={item.id} value={item.id}>
              {item.label} ({PROVIDER_LABELS[item.provider]})
            </option>
          ))}
        </NativeSelect>
      </FormField>
      <FormField id="request-product" label="Product" error={errors.productId} hint={account && offered.length === 0 ? "This account offers no products yet. Ask finance to refresh them." : undefined}>
        <NativeSelect {...fieldProps("request-product", errors.productId)} value={values.productId} disabled={!account} onChange={(event) => set({ productId: event.target.value, model: "", currency: "", state: "" })}>
          <option value="">{account ? "Choose a product" : "Choose an account first"}</option>
          {offered.map((item) => (
            <option key={item.providerProductId} value={item.providerProductId}>
              {item.name}
              {item.bin ? ` · BIN ${item.bin}` : ""}
            </option>
          ))}
        </NativeSelect>
      </FormField>
      {models.length > 1 ? (
        <FormField id="request-model" label="Card model" hint="ShareBalance cards spend from the shared account within limits; Standard cards hold their own balance.">
          <NativeSelect {...fieldProps("request-model", undefined, "hint")} value={model} onChange={(event) => set({ model: event.target.value })}>
            {models.map((item) => (
              <option key={item} value={item}>
                {MODEL_LABELS[item]}
              </option>
            ))}
          </NativeSelect>
        </FormField>
      ) : null}
      {product && product.currencies.length > 1 ? (
        <FormField id="request-currency" label="Currency" error={errors.currency}>
          <NativeSelect {...fieldProps("request-currency", errors.currency)} value={currency} onChange={(event) => set({ currency: event.target.value })}>
            {product.currencies.map((item) => (
              <option key={item}>{item}</option>
            ))}
          </NativeSelect>
        </FormField>
      ) : null}
      {kind === "cardepass-sharebalance" ? (
        <>
          {money("request-per-transaction", "Per-transaction limit", "perTransactionLimit")}
          {money("request-lifetime", "Lifetime limit", "lifetimeLimit", "The most the card may ever spend.")}
        </>
      ) : kind ? (
        money("request-initial", kind === "nobepay" ? "First deposit" : "First amount", "initialAmount", minimum)
      ) : null}
      <FormField id="request-alias" label="Card name" error={errors.alias} hint="How people will recognise the card, e.g. “Travel – Berlin”.">
        <Input {...fieldProps("request-alias", errors.alias, "hint")} value={values.alias} onChange={(event) => set({ alias: event.target.value })} maxLength={60} autoComplete="off" />
      </FormField>
      {kind === "nobepay" && product ? <IssueHolderFields values={values} set={set} errors={errors} states={product.usStates} /> : null}
    </>
  );
}
