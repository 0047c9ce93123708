"use client";

import { useMemo } from "react";
import { fieldProps, FormField } from "@/components/forms/form-field";
import { NativeSelect } from "@/components/ui/native-select";
import type { IssueCardFormInput } from "@/lib/cards/schemas";
import type { CardModel } from "@/lib/providers/types";
import { productLabel, providerProductName } from "@/lib/products/product-label";
import type { IssueAccount, IssueProduct, IssueValues } from "./issue-card-types";
import { MODEL_LABELS, PROVIDER_LABELS } from "./labels";

export type CardKind = IssueCardFormInput["kind"];

export function kindOf(account: IssueAccount | null, model: string): CardKind | null {
  if (!account) return null;
  if (account.provider === "nobepay") return "nobepay";
  if (account.provider === "cardopenapi") return "cardopenapi";
  return model === "sharebalance" ? "cardepass-sharebalance" : model === "standard" ? "cardepass-standard" : null;
}

const MODEL_HINTS: Partial<Record<CardModel, string>> = {
  sharebalance: "ShareBalance cards spend from the shared account within limits.",
  standard: "Standard cards hold their own balance.",
};

/**
 * What a new card's account, product, model and currency choices resolve to, for the issue form and a new-card
 * request alike. Only Cardepass cards take a currency of their own; the others get their product's.
 */
export function useCardProductChoice(accounts: IssueAccount[], products: IssueProduct[], values: IssueValues) {
  const account = accounts.find((item) => item.id === values.accountId) ?? null;
  const offered = useMemo(() => products.filter((product) => product.providerAccountId === values.accountId), [products, values.accountId]);
  const product = offered.find((item) => item.providerProductId === values.productId) ?? null;
  const models = account?.provider === "cardepass" ? (product?.cardModels ?? []) : [];
  const model = account?.provider === "cardepass" ? (models.includes(values.model as never) ? values.model : (models[0] ?? "")) : "prepaid";
  const kind = kindOf(account, model);
  const currency = (product && (product.currencies.includes(values.currency) ? values.currency : product.currencies[0])) ?? product?.balanceCurrency ?? "USD";
  const showsCurrency = account?.provider === "cardepass" && !!product && product.currencies.length > 1;
  return { account, offered, product, models, model, kind, currency, showsCurrency };
}

export type CardProductChoice = ReturnType<typeof useCardProductChoice>;

/** Provider account, product, card model (Cardepass products offering both) and currency, with ids `${idPrefix}-…`. */
export function CardProductFields({
  idPrefix,
  accounts,
  values,
  set,
  errors,
  choice,
  noProductsHint,
}: {
  idPrefix: string;
  accounts: IssueAccount[];
  values: IssueValues;
  set: (patch: Partial<IssueValues>) => void;
  errors: Record<string, string | undefined>;
  choice: CardProductChoice;
  /** Shown under the product field when the chosen account has no products: what this reader can do about it. */
  noProductsHint: React.ReactNode;
}) {
  const { account, offered, product, models, model, currency, showsCurrency } = choice;
  // A Cardepass product's model decides what its card is (limits on the shared account, or a balance of its own), and
  // providers name products in their own words: say the model beside the name, and what it means once one is chosen.
  const modelHint = models.length === 1 ? MODEL_HINTS[models[0]!] : undefined;
  const productHint = account && offered.length === 0 ? noProductsHint : modelHint;
  return (
    <>
      <FormField id={`${idPrefix}-account`} label="Provider account" error={errors.accountId}>
        <NativeSelect {...fieldProps(`${idPrefix}-account`, errors.accountId)} value={values.accountId} onChange={(event) => set({ accountId: event.target.value, productId: "", model: "", currency: "", state: "" })}>
          <option value="">Choose an account</option>
          {accounts.map((item) => (
            <option key={item.id} value={item.id}>
              {item.label} ({PROVIDER_LABELS[item.provider]})
            </option>
          ))}
        </NativeSelect>
      </FormField>
      <FormField id={`${idPrefix}-product`} label="Product" error={errors.productId} hint={productHint}>
        <NativeSelect {...fieldProps(`${idPrefix}-product`, errors.productId, productHint ? "hint" : undefined)} value={values.productId} disabled={!account} onChange={(event) => set({ productId: event.target.value, model: "", currency: "", state: "" })}>
          <option value="">{account ? "Choose a product" : "Choose an account first"}</option>
          {offered.map((item) => (
            <option key={item.providerProductId} value={item.providerProductId}>
              {productLabel(item)}
              {providerProductName(item) ? ` (${providerProductName(item)})` : ""}
              {account?.provider === "cardepass" && item.cardModels.length > 0 ? ` · ${item.cardModels.map((m) => MODEL_LABELS[m]).join(" or ")}` : ""}
              {item.bin ? ` · BIN ${item.bin}` : ""}
            </option>
          ))}
        </NativeSelect>
      </FormField>
      {models.length > 1 ? (
        <FormField id={`${idPrefix}-model`} label="Card model" hint={`${MODEL_HINTS.sharebalance} ${MODEL_HINTS.standard}`}>
          <NativeSelect {...fieldProps(`${idPrefix}-model`, undefined, "hint")} value={model} onChange={(event) => set({ model: event.target.value })}>
            {models.map((item) => (
              <option key={item} value={item}>
                {MODEL_LABELS[item]}
              </option>
            ))}
          </NativeSelect>
        </FormField>
      ) : null}
      {showsCurrency && product ? (
        <FormField id={`${idPrefix}-currency`} label="Currency" error={errors.currency}>
          <NativeSelect {...fieldProps(`${idPrefix}-currency`, errors.currency)} value={currency} onChange={(event) => set({ currency: event.target.value })}>
            {product.currencies.map((item) => (
              <option key={item}>{item}</option>
            ))}
          </NativeSelect>
        </FormField>
      ) : null}
    </>
  );
}
