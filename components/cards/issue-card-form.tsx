"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { issueCardAction } from "@/lib/actions/cards/issue-card";
import type { ActionFailure } from "@/lib/actions/result";
import { amountTextProblem } from "@/lib/cards/amount-text";
import { firstDepositProblem, issueCardProblems } from "@/lib/cards/form-checks";
import { fundingShortfall } from "@/lib/fees/disclosure";
import { quoteFee, type FeeQuote } from "@/lib/fees/product-fees";
import type { CardModel } from "@/lib/providers/types";
import type { IssueCardFormInput } from "@/lib/cards/schemas";
import { parseMoney } from "@/lib/money";
import { ActionFailureAlert, fieldsNeedAttention } from "./action-failure";
import { CostSummary } from "./cost-summary";
import { ErrorLinks, type ErrorTarget } from "@/components/forms/error-links";
import { fieldProps, FormField } from "@/components/forms/form-field";
import { HOLDER_ERROR_TARGETS, initialAmountLabel, IssueAmountFields, IssueHolderFields } from "./issue-card-amounts";
import { EMPTY_ISSUE_VALUES, type IssueAccount, type IssueProduct, type IssueValues } from "./issue-card-types";
import { PROVIDER_LABELS } from "./labels";
import { useSubmissionId } from "./submission-id";
import { CardProductFields, useCardProductChoice, type CardKind } from "./card-product-fields";
import { cardholderName, OwnerTeamFields, parseTags, type TeamOption } from "./people-fields";

/** What is known when the issue form's answer never came back: the card may have been issued, and a retry is safe. */
const LOST_ISSUE_ANSWER =
  "No answer came back from Cardhub, so the card may already have been issued. Sending the form again is safe: it will not issue a second card. If you leave this page first, check the cards list before issuing it again.";

function buildInput(kind: CardKind, values: IssueValues, currency: string): IssueCardFormInput {
  const placement = {
    accountId: values.accountId,
    productId: values.productId,
    // "" is a deliberate "unassigned company card".
    ownerUserId: values.ownerUserId || null,
    // The form always states the team: "" is a deliberate "No team".
    teamId: values.teamId || null,
    alias: values.alias,
    tags: parseTags(values.tags),
  };
  switch (kind) {
    case "cardepass-sharebalance":
      return { kind, ...placement, currency, perTransactionLimit: values.perTransactionLimit, lifetimeLimit: values.unlimited ? "" : values.lifetimeLimit };
    case "cardepass-standard":
      return { kind, ...placement, currency, initialAmount: values.initialAmount };
    case "nobepay":
      return { kind, ...placement, holderFirstName: values.holderFirstName, holderLastName: values.holderLastName, street: values.street, city: values.city, state: values.state, zipCode: values.zipCode, initialAmount: values.initialAmount };
    case "cardopenapi":
      return { kind, ...placement, initialAmount: values.initialAmount };
  }
}

/** The browser's checks for instant feedback; the server repeats every one of them and more. */
function checkLocally(kind: CardKind, values: IssueValues, input: IssueCardFormInput, product: IssueProduct | null, currency: string, provider: string): Record<string, string> {
  // No owner is a deliberate "unassigned company card": the owner field itself is never a problem here.
  const errors = issueCardProblems(input);
  if (kind === "cardepass-sharebalance" && !values.unlimited && values.lifetimeLimit.trim() === "") errors.lifetimeLimit ??= "Enter a lifetime limit, or tick Unlimited.";
  // The product's minimum first deposit (NobePay BINs, Card OPEN-API products), with every other problem at once.
  if (kind !== "cardepass-sharebalance" && product && !errors.initialAmount) {
    try {
      const amount = parseMoney(values.initialAmount.trim(), currency).amount;
      const problem = firstDepositProblem(product, amount, currency, provider);
      if (problem) errors.initialAmount = problem;
    } catch {
      errors.initialAmount = `Use at most the decimals ${currency} allows.`;
    }
  }
  if (kind !== "cardepass-sharebalance" && product && !errors.initialAmount) {
    const amount = typedMinor(values.initialAmount, currency);
    const shortfall = amount === null ? null : fundingShortfall({ amount, currency, fee: issueFee(kind, values.model, product, amount), paying: product.paying?.[currency] ?? null, what: "card's first load" });
    if (shortfall) errors.initialAmount = shortfall;
  }
  return errors;
}

/** Typed text → minor units, or null while it is not an amount yet. */
function typedMinor(text: string, currency: string): bigint | null {
  if (amountTextProblem(text.trim())) return null;
  try {
    return parseMoney(text.trim(), currency).amount;
  } catch {
    return null;
  }
}

function issueFee(kind: CardKind, model: string, product: IssueProduct, amount: bigint): FeeQuote | null {
  const cardModel: CardModel = kind === "cardepass-sharebalance" ? "sharebalance" : kind === "cardepass-standard" ? "standard" : (model as CardModel) || "prepaid";
  return quoteFee(product.fees, cardModel, "issue", amount);
}

/**
 * Where the error summary's link for each field goes, in the form's order. The ids are those of CardProductFields and
 * OwnerTeamFields (prefix "issue"), the fields below, IssueAmountFields and IssueHolderFields.
 */
function issueErrorTargets(kind: CardKind | null): ErrorTarget[] {
  return [
    ["accountId", "issue-account", "Provider account"],
    ["productId", "issue-product", "Product"],
    ["currency", "issue-currency", "Currency"],
    ["ownerUserId", "issue-owner", "Owner"],
    ["teamId", "issue-team", "Team"],
    ["alias", "issue-alias", "Alias"],
    ["tags", "issue-tags", "Tags"],
    ["perTransactionLimit", "issue-per-transaction", "Per-transaction limit"],
    ["lifetimeLimit", "issue-lifetime", "Lifetime limit"],
    ["initialAmount", "issue-amount", initialAmountLabel(kind)],
    ...HOLDER_ERROR_TARGETS,
  ];
}

/** selfId: the person issuing, never offered as the owner (nobody issues a card to themselves; the server refuses it too). */
export function IssueCardForm({ accounts, products, teams, selfId }: { accounts: IssueAccount[]; products: IssueProduct[]; teams: TeamOption[]; selfId: string }) {
  const router = useRouter();
  const [values, setValues] = useState<IssueValues>({ ...EMPTY_ISSUE_VALUES, accountId: accounts.length === 1 ? accounts[0]!.id : "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  // The NobePay cardholder name follows the chosen owner until someone types a name of their own.
  const [holderFollowsOwner, setHolderFollowsOwner] = useState(true);
  const [ownerName, setOwnerName] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const submission = useSubmissionId();
  const set = (patch: Partial<IssueValues>) => setValues((current) => ({ ...current, ...patch }));

  const choice = useCardProductChoice(accounts, products, values);
  const { account, product, model, kind, currency, showsCurrency } = choice;
  const fields = { ...failure?.fields, ...errors };
  const holder = holderFollowsOwner && values.ownerUserId && ownerName ? cardholderName(ownerName) : null;
  const effective: IssueValues = holder ? { ...values, holderFirstName: holder.first, holderLastName: holder.last } : values;
  const setHolder = (patch: Partial<IssueValues>) => {
    if ("holderFirstName" in patch || "holderLastName" in patch) {
      setHolderFollowsOwner(false);
      set({ holderFirstName: effective.holderFirstName, holderLastName: effective.holderLastName, ...patch });
    } else set(patch);
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setFailure(null);
    if (!kind) {
      // Every problem at once: the fields already on screen are checked too, not only account and product.
      const found = issueCardProblems(buildInput("cardopenapi", effective, currency));
      const shown = Object.fromEntries(Object.entries(found).filter(([key]) => ["alias", "ownerUserId", "teamId"].includes(key) || key.startsWith("tags")));
      setErrors({ ...shown, ...(account ? {} : { accountId: "Choose a provider account." }), productId: "Choose a product." });
      document.getElementById("issue-errors")?.focus();
      return;
    }
    const input = buildInput(kind, effective, currency);
    const found = checkLocally(kind, effective, input, product, currency, account?.provider ?? "");
    setErrors(found);
    if (Object.keys(found).length > 0) {
      document.getElementById("issue-errors")?.focus();
      return;
    }
    startTransition(async () => {
      let result: Awaited<ReturnType<typeof issueCardAction>>;
      try {
        // Sent again after a lost answer, the same order id follows the card the first call issued.
        result = await issueCardAction({ ...input, orderId: submission.current() });
      } catch {
        // The fields stay as typed; the message says what is known.
        setFailure({ code: "internal", message: LOST_ISSUE_ANSWER });
        document.getElementById("issue-errors")?.focus();
        return;
      }
      submission.answered(result);
      // The card page follows this order even if the provider has already finished it.
      if (result.ok) router.push(`/cards/${result.data.cardId}?order=${encodeURIComponent(result.data.orderId)}`);
      else setFailure(result.error);
    });
  };

  const errorCount = Object.values(fields).filter(Boolean).length;
  const visibleFields = [
    "accountId", "productId", "ownerUserId", "teamId", "alias",
    ...(showsCurrency ? ["currency"] : []),
    ...(kind === "cardepass-sharebalance" ? ["perTransactionLimit", "lifetimeLimit"] : kind ? ["initialAmount"] : []),
    ...(kind === "nobepay" ? ["holderFirstName", "holderLastName", "street", "city", "state", "zipCode"] : []),
  ];
  const tagsError = Object.entries(fields).find(([key]) => key.startsWith("tags"))?.[1];
  const shownFields = Object.keys(fields).filter((key) => visibleFields.includes(key) || key.startsWith("tags"));
  return (
    <form method="post" onSubmit={submit} noValidate aria-label="Issue a card" className="grid gap-6">
      {/* Focused after a submit with problems: the count (announced), then a link to each field with its problem. */}
      <div id="issue-errors" tabIndex={-1} className="focus:ring-ring/50 focus:ring-offset-background grid gap-2 rounded-xs outline-none focus:ring-[3px] focus:ring-offset-4">
        {errorCount > 0 && !failure ? <p className="text-destructive text-sm" role="alert">{fieldsNeedAttention(errorCount)}</p> : null}
        <ActionFailureAlert failure={failure} shownFields={shownFields} />
        <ErrorLinks targets={issueErrorTargets(kind)} errors={{ ...fields, tags: tagsError }} />
      </div>
      <section className="grid items-start gap-4 sm:grid-cols-2">
        <h2 className="text-base font-semibold sm:col-span-2">
          Provider and product
        </h2>
        <CardProductFields
          idPrefix="issue"
          accounts={accounts}
          values={values}
          set={set}
          errors={fields}
          choice={choice}
          noProductsHint={
            <>
              No products are stored for this account. <Link className="underline" href="/cards/products">Refresh the products</Link> first.
            </>
          }
        />
      </section>

      <section className="grid items-start gap-4 sm:grid-cols-2">
        <h2 className="text-base font-semibold sm:col-span-2">
          Owner and alias
        </h2>
        <OwnerTeamFields
          idPrefix="issue"
          owner={null}
          excludeIds={[selfId]}
          teams={teams}
          teamId={values.teamId}
          onChange={(next, person) => {
            if (next.ownerUserId !== values.ownerUserId) setOwnerName(person?.name ?? null);
            set(next);
          }}
          errors={fields}
          unassignedLabel="Unassigned company card"
        />
        <FormField id="issue-alias" label="Alias" error={fields.alias} hint="How people will recognise the card, e.g. “Marketing – Google Ads”.">
          <Input {...fieldProps("issue-alias", fields.alias, "hint")} value={values.alias} onChange={(event) => set({ alias: event.target.value })} maxLength={60} autoComplete="off" />
        </FormField>
        <FormField id="issue-tags" label="Tags" error={tagsError} hint="Optional. Separate with commas.">
          <Input {...fieldProps("issue-tags", tagsError, "hint")} value={values.tags} onChange={(event) => set({ tags: event.target.value })} autoComplete="off" />
        </FormField>
      </section>

      {kind && product ? (
        <section className="grid items-start gap-4 sm:grid-cols-2">
          <h2 className="text-base font-semibold sm:col-span-2">
            {kind === "cardepass-sharebalance" ? "Limits" : "Funding"}
          </h2>
          <IssueAmountFields kind={kind} values={values} set={set} errors={fields} currency={currency} product={product} />
          <CostSummary
            id="issue-cost"
            currency={currency}
            amount={kind === "cardepass-sharebalance" ? 0n : typedMinor(values.initialAmount, currency)}
            amountLabel="Loaded onto the card"
            fee={issueFee(kind, model, product, kind === "cardepass-sharebalance" ? 0n : (typedMinor(values.initialAmount, currency) ?? 0n))}
            providerLabel={account ? PROVIDER_LABELS[account.provider] : "the provider"}
            totalLabel="Total from the funding account"
            paying={{ label: account?.provider === "nobepay" ? "BIN funding balance" : `${account ? PROVIDER_LABELS[account.provider] : "Provider"} funding balance`, balance: product.paying?.[currency] ?? null }}
          />
          {kind === "nobepay" ? <IssueHolderFields values={effective} set={setHolder} errors={fields} states={product.usStates} /> : null}
        </section>
      ) : null}

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending} aria-busy={pending}>
          {pending ? "Issuing…" : "Issue card"}
        </Button>
        <Button asChild variant="ghost">
          <Link href="/cards">Cancel</Link>
        </Button>
        {pending ? <span className="text-muted-foreground text-sm">Recording the request and sending it to the provider…</span> : null}
      </div>
    </form>
  );
}
