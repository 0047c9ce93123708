"use client";

import { Suspense, useState, useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import type { ActionFailure } from "@/lib/actions/result";
import { ActionFailureAlert, CHECKS_NOT_LOADED, fieldsNeedAttention } from "./action-failure";
import { failureWithoutEdited, withoutEditedProblems } from "@/components/forms/edited-problems";
import { ErrorLinks, type ErrorTarget } from "@/components/forms/error-links";
import { fieldProps, FormField } from "@/components/forms/form-field";
import { IssueAmountFields } from "./issue-card-amounts";
import { HOLDER_ERROR_TARGETS, IssueHolderFields } from "./issue-holder-fields";
import { asksNoFirstLoad, EMPTY_ISSUE_VALUES, type IssueAccount, type IssueProduct, type IssueValues } from "./issue-card-types";
import { FIRST_TOP_UP_LABEL } from "./labels";
import { useSubmissionId } from "./submission-id";
import { LazyIssueCost, preloadIssueCost } from "./lazy-issue-cost";
import { CardProductFields, useCardProductChoice, type CardKind } from "./card-product-fields";
import { cardholderName, OwnerTeamFields, type TeamOption } from "./people-fields";

// What sending needs (the checks, the action) loads once a field is used, not with the page: first-load JavaScript budget.
const loadSubmit = () => import("./issue-card-submit");
// The error summary takes focus after every submit that did not go through, whoever found the problem.
const focusErrors = () => document.getElementById("issue-errors")?.focus();

/**
 * Where the error summary's link for each field goes, in the form's order. The ids are those of CardProductFields and
 * OwnerTeamFields (prefix "issue"), the fields below, IssueAmountFields and IssueHolderFields. Without an account the
 * product select is disabled: the product's link leads to the account, which comes first.
 */
function issueErrorTargets(kind: CardKind | null, account: unknown): ErrorTarget[] {
  return [
    ["accountId", "issue-account", "Provider account"],
    ["productId", account ? "issue-product" : "issue-account", "Product"],
    ["currency", "issue-currency", "Currency"],
    ["ownerUserId", "issue-owner", "Owner"],
    ["teamId", "issue-team", "Team"],
    ["alias", "issue-alias", "Alias"],
    ["tags", "issue-tags", "Tags"],
    ["perTransactionLimit", "issue-per-transaction", "Per-transaction limit"],
    ["lifetimeLimit", "issue-lifetime", "Lifetime limit"],
    ["initialAmount", "issue-amount", FIRST_TOP_UP_LABEL],
    ...HOLDER_ERROR_TARGETS,
  ];
}

/**
 * selfId: the person issuing, never offered as the owner (nobody issues a card to themselves; the server refuses it too).
 * initial: the details of a card that was never issued, when it is issued again (lib/cards/issue-again.ts).
 */
export function IssueCardForm({
  accounts,
  products,
  teams,
  selfId,
  initial,
}: {
  accounts: IssueAccount[];
  products: IssueProduct[];
  teams: TeamOption[];
  selfId: string;
  initial?: { values: Partial<IssueValues>; owner: { id: string; label: string } | null };
}) {
  const router = useRouter();
  const [values, setValues] = useState<IssueValues>({ ...EMPTY_ISSUE_VALUES, accountId: accounts.length === 1 ? accounts[0]!.id : "", ...initial?.values });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  // The NobePay cardholder name follows the chosen owner until someone types a name of their own.
  const [holderFollowsOwner, setHolderFollowsOwner] = useState(!initial?.values.holderFirstName);
  const [ownerName, setOwnerName] = useState<string | null>(initial?.owner?.label ?? null);
  const [pending, startTransition] = useTransition();
  // While what sending needs loads on the first submit (usually fetched already, when a field was used).
  const [checking, setChecking] = useState(false);
  const submission = useSubmissionId();
  // The checks loaded once a field is used (loadSubmit): until then, which is a moment after the first focus, the
  // amount is checked on submit only.
  const [checks, setChecks] = useState<Awaited<ReturnType<typeof loadSubmit>> | null>(null);
  // A field edited since the last submit drops that submit's problem on it, the browser's or the server's; the first
  // amount is also checked as it is typed (IssueAmountFields), everything again on the next submit.
  const set = (patch: Partial<IssueValues>, edited = Object.keys(patch)) => {
    setValues((current) => ({ ...current, ...patch }));
    setErrors((current) => withoutEditedProblems(current, edited));
    setFailure((current) => failureWithoutEdited(current, edited));
  };

  const choice = useCardProductChoice(accounts, products, values);
  const { account, product, model, kind, currency, showsCurrency } = choice;
  const noFirstLoad = asksNoFirstLoad(kind, account);
  // What goes onto the card at issue: nothing for a ShareBalance card or one issued empty.
  const fields = { ...failure?.fields, ...errors };
  const holder = holderFollowsOwner && values.ownerUserId && ownerName ? cardholderName(ownerName) : null;
  const effective: IssueValues = holder ? { ...values, holderFirstName: holder.first, holderLastName: holder.last } : values;
  const setHolder = (patch: Partial<IssueValues>) => {
    if ("holderFirstName" in patch || "holderLastName" in patch) {
      setHolderFollowsOwner(false);
      set({ holderFirstName: effective.holderFirstName, holderLastName: effective.holderLastName, ...patch }, Object.keys(patch));
    } else set(patch);
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setFailure(null);
    setChecking(true);
    const sending = await loadSubmit().catch(() => null);
    setChecking(false);
    if (!sending) {
      setFailure({ code: "internal", message: CHECKS_NOT_LOADED });
      focusErrors();
      return;
    }
    const { input, problems } = sending.checkIssueForm({ kind, values: effective, account, product, currency });
    setErrors(problems);
    if (!input || Object.keys(problems).length > 0) {
      focusErrors();
      return;
    }
    startTransition(async () => {
      let result: Awaited<ReturnType<typeof sending.issueCardAction>>;
      try {
        // Sent again after a lost answer, the same order id follows the card the first call issued.
        result = await sending.issueCardAction({ ...input, orderId: submission.current() });
      } catch {
        // The fields stay as typed; the message says what is known.
        setFailure({ code: "internal", message: sending.LOST_ISSUE_ANSWER });
        focusErrors();
        return;
      }
      submission.answered(result);
      // The card page follows this order even if the provider has already finished it.
      if (result.ok) router.push(`/cards/${result.data.cardId}?order=${encodeURIComponent(result.data.orderId)}`);
      else {
        setFailure(result.error);
        focusErrors();
      }
    });
  };

  // The money and cardholder fields are on screen once a product is chosen (the section below).
  const moneyShown = kind !== null && product !== null;
  const visibleFields = [
    "accountId", "productId", "ownerUserId", "teamId", "alias",
    ...(showsCurrency ? ["currency"] : []),
    ...(!moneyShown ? [] : kind === "cardepass-sharebalance" ? ["perTransactionLimit", "lifetimeLimit"] : noFirstLoad ? ["perTransactionLimit"] : ["initialAmount"]),
    ...(moneyShown && kind === "nobepay" ? ["holderFirstName", "holderLastName", "street", "city", "state", "zipCode"] : []),
  ];
  const tagsError = Object.entries(fields).find(([key]) => key.startsWith("tags"))?.[1];
  const shownFields = Object.keys(fields).filter((key) => visibleFields.includes(key) || key.startsWith("tags"));
  // The summary counts and links only the problems still on screen: another account or product takes its fields away.
  const shownErrors = Object.fromEntries(Object.entries(fields).filter(([key]) => shownFields.includes(key)));
  const errorCount = Object.values(shownErrors).filter(Boolean).length;
  return (
    <form
      method="post"
      onSubmit={submit}
      onFocus={() => {
        void loadSubmit().then(setChecks, () => undefined);
        void preloadIssueCost().catch(() => undefined);
      }}
      noValidate
      aria-label="Issue a card"
      className="grid gap-6"
    >
      {/* Focused after a submit with problems: the count (announced), then a link to each field with its problem. One
          padded box, the same whether the browser or the server found them: the server's alert is drawn without a box
          of its own inside it ([&>div]). Empty until then, and still focusable. */}
      <div
        id="issue-errors"
        tabIndex={-1}
        className={errorCount > 0 || failure ? "text-destructive bg-card border-destructive/40 focus:ring-ring/50 grid gap-2 rounded-lg border px-4 py-3 text-sm outline-none focus:ring-[3px] [&>div]:border-0 [&>div]:p-0" : "outline-none"}
      >
        {errorCount > 0 && !failure ? <p role="alert">{fieldsNeedAttention(errorCount)}</p> : null}
        <ActionFailureAlert failure={failure} shownFields={shownFields} />
        <ErrorLinks targets={issueErrorTargets(kind, account)} errors={{ ...shownErrors, tags: tagsError }} />
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
          owner={initial?.owner ?? null}
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
          <IssueAmountFields kind={kind} values={values} set={set} errors={fields} currency={currency} product={product} noFirstLoad={noFirstLoad} liveCheck={checks?.liveIssueAmountProblem ?? null} />
          {/* The panel's place is kept while its code loads: appearing late, it would push the fields and the submit
              button below it down under the pointer, so that a click meant for the button lands elsewhere. */}
          <Suspense fallback={<Skeleton className="h-52 w-full" />}>
            <LazyIssueCost id="issue-cost" kind={kind} model={model} product={product} currency={currency} initialAmount={values.initialAmount} noFirstLoad={noFirstLoad} provider={account?.provider ?? null} withFundingBalance />
          </Suspense>
          {kind === "nobepay" ? <IssueHolderFields values={effective} set={setHolder} errors={fields} states={product.usStates} /> : null}
        </section>
      ) : null}

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending || checking} aria-busy={pending || checking}>
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
