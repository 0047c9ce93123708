"use client";

import { PersonPicker } from "@/components/people/person-picker";
import { personChoice, type PersonChoice } from "@/components/people/person-choice";
import { useRef, useState, useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { failureWithoutEdited, withoutEditedProblems } from "@/components/forms/edited-problems";
import { ActionFailureAlert, CHECKS_NOT_LOADED, fieldsNeedAttention } from "@/components/cards/action-failure";
import { EMPTY_ISSUE_VALUES, type IssueAccount, type IssueProduct, type IssueValues } from "@/components/cards/issue-card-types";
import { fieldProps, FormField } from "@/components/forms/form-field";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import type { RequestKind } from "@/db/schema/requests";
import { createRequestAction } from "@/lib/actions/requests/create-request";
import type { ActionFailure } from "@/lib/actions/result";
import { formatMoney } from "@/lib/format";
import type { CreateRequestFormInput } from "@/lib/requests/schemas";
import { REQUEST_KIND_LABELS } from "./labels";
import { ErrorLinks, type ErrorTarget } from "@/components/forms/error-links";
import { HOLDER_ERROR_TARGETS } from "@/components/cards/issue-holder-fields";
import { useCardProductChoice, type CardKind } from "@/components/cards/card-product-fields";
import { useSubmissionId } from "@/components/cards/submission-id";
import { NewCardFields } from "./new-card-fields";
import { preloadIssueCost } from "@/components/cards/lazy-issue-cost";
import { ALREADY_REQUESTED } from "@/lib/requests/already-requested";
import { PURPOSE_MAX_LENGTH } from "@/lib/requests/purpose-length";
import { cardsForKind, keptLimit, kindOffer, type CardForKind } from "./new-request-cards";
import type { NewRequestValues, RequestableCard } from "./new-request-types";
import { FIRST_TOP_UP_LABEL } from "@/components/cards/labels";

// The checks, with the schemas (and zod with them), load once a field is used or on submit, not with the page:
// first-load JavaScript budget.
const loadChecks = () => import("./new-request-checks");

/** What is known when no answer came back: the request may have been filed, and sending again is safe. */
const LOST_REQUEST_ANSWER =
  "No answer came back from Cardhub, so the request may already have been filed. Sending the form again is safe: it will not file a second one. If you leave this page first, check My requests before asking again.";

const KIND_HINTS: Record<RequestKind, string> = {
  new_card: "A virtual card for you, with limits or a first top-up.",
  top_up: "Money onto one of your prepaid cards.",
  limit_increase: "Higher limits on one of your ShareBalance cards.",
  unfreeze: "Make one of your frozen cards usable again.",
  activate: "Have one of your new cards activated, so it can be used.",
};


const cardName = (card: RequestableCard) => `${card.alias}${card.last4 ? ` ·· ${card.last4}` : ""}`;

/** The cards already asked for this kind, each a link to its open request: why they cannot be chosen, and where it is. */
function AlreadyRequested({ kind, listed }: { kind: RequestKind; listed: CardForKind[] }) {
  const requested = listed.filter((entry) => entry.openRequestId !== null);
  if (requested.length === 0) return null;
  return (
    <>
      {REQUEST_KIND_LABELS[kind]} already requested for{" "}
      {requested.map((entry, index) => (
        <span key={entry.card.id}>
          {index > 0 ? ", " : null}
          <Link className="underline" href={`/requests/${entry.openRequestId}`}>
            {cardName(entry.card)}
          </Link>
        </span>
      ))}
      : open {requested.length === 1 ? "it" : "one"} to follow or cancel it.
    </>
  );
}

function cardPart(kind: CardKind, values: IssueValues, currency: string): Record<string, unknown> {
  const placement = { accountId: values.accountId, productId: values.productId, alias: values.alias, tags: [] };
  switch (kind) {
    case "cardepass-sharebalance":
      return { kind, ...placement, currency, perTransactionLimit: values.perTransactionLimit, lifetimeLimit: values.lifetimeLimit };
    case "cardepass-standard":
      return { kind, ...placement, currency, initialAmount: values.initialAmount };
    case "nobepay":
      return { kind, ...placement, holderFirstName: values.holderFirstName, holderLastName: values.holderLastName, street: values.street, city: values.city, state: values.state, zipCode: values.zipCode, initialAmount: values.initialAmount };
    case "cardopenapi":
      return { kind, ...placement, initialAmount: values.initialAmount };
  }
}

/** Every key the form shows under a field; a server error for any other key is listed in the alert. */
const FIELD_KEYS = [
  "kind", "cardId", "amount", "perTransactionLimit", "lifetimeLimit", "purpose", "neededBy", "beneficiaryUserId", "accountId", "productId",
  "currency", "alias", "initialAmount", "holderFirstName", "holderLastName", "street", "city", "state", "zipCode",
];

/**
 * Where the error summary's link for each field goes (the control's id) and the field's name, in the form's order.
 * The ids are those of the fields below, NewCardFields, CardProductFields (prefix "request") and IssueHolderFields.
 */
function errorTargets(kind: RequestKind | "", cardKind: CardKind | null, firstKind: RequestKind): ErrorTarget[] {
  const newCard = kind === "new_card";
  return [
    ["kind", `request-kind-${kind || firstKind}`, "Kind of request"],
    ["cardId", "request-cardId", "Card"],
    ["amount", "request-amount", "Amount"],
    ["beneficiaryUserId", "request-beneficiaryUserId", "For"],
    ["accountId", "request-account", "Provider account"],
    ["productId", "request-product", "Product"],
    ["currency", "request-currency", "Currency"],
    ["perTransactionLimit", newCard ? "request-per-transaction" : "request-perTransactionLimit", newCard ? "Per-transaction limit" : "New per-transaction limit"],
    ["lifetimeLimit", newCard ? "request-lifetime" : "request-lifetimeLimit", newCard ? "Lifetime limit" : "New lifetime limit"],
    ["initialAmount", "request-initial", FIRST_TOP_UP_LABEL],
    ["alias", "request-alias", "Card name"],
    ...HOLDER_ERROR_TARGETS,
    ["purpose", "request-purpose", "Purpose"],
    ["neededBy", "request-neededBy", "Needed by"],
  ];
}

/**
 * Asking for a card, a top-up, a limit increase, an unfreeze or an activation. Every problem is shown at once, on its
 * field; the server repeats every check (and those only it can make: product minimums, the account's offer, the policy).
 */
export function NewRequestForm({
  cards,
  unavailable,
  accounts,
  products,
  onBehalf,
  initial,
}: {
  cards: RequestableCard[];
  /** Why none of the person's cards can take a kind, for each kind the form does not offer (lib/requests/why-no-card-takes). */
  unavailable: Partial<Record<RequestKind, string>>;
  accounts: IssueAccount[];
  products: IssueProduct[];
  /** Finance may ask on someone else's behalf (found by typing; never themselves): their own id; null for everyone else. */
  onBehalf: { selfId: string } | null;
  initial: Partial<NewRequestValues>;
}) {
  const router = useRouter();
  const [values, setValues] = useState<NewRequestValues>({ kind: "", cardId: "", amount: "", perTransactionLimit: "", lifetimeLimit: "", purpose: "", neededBy: "", beneficiaryUserId: "", ...initial });
  const [card, setCardValues] = useState<IssueValues>({ ...EMPTY_ISSUE_VALUES, accountId: accounts.length === 1 ? accounts[0]!.id : "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [beneficiary, setBeneficiary] = useState<PersonChoice | null>(null);
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [pending, startTransition] = useTransition();
  // From the first click until the checks are loaded and run: the button is disabled, so a double click sends once.
  const [checking, setChecking] = useState(false);
  const checkingNow = useRef(false);
  const submission = useSubmissionId();
  // A field edited since the last submit drops that submit's problem on it, the browser's or the server's; everything
  // is checked again on the next submit.
  const dropProblems = (edited: string[]) => {
    setErrors((current) => withoutEditedProblems(current, edited));
    setFailure((current) => failureWithoutEdited(current, edited));
  };
  const set = (patch: Partial<NewRequestValues>) => {
    setValues((current) => ({ ...current, ...patch }));
    dropProblems(Object.keys(patch));
  };
  const setCard = (patch: Partial<IssueValues>) => {
    setCardValues((current) => ({ ...current, ...patch }));
    dropProblems(Object.keys(patch));
  };
  const choice = useCardProductChoice(accounts, products, card);
  const kind = values.kind;
  const listed = kind && kind !== "new_card" ? cardsForKind(cards, kind) : [];
  const chosen = listed.find((entry) => entry.card.id === values.cardId) ?? null;
  // A card already asked for this kind is never the selected one (its hints), even if it was chosen before it was.
  const selected = chosen && chosen.openRequestId === null ? chosen.card : null;
  const fields = { ...failure?.fields, ...errors };

  const buildInput = (): CreateRequestFormInput | null => {
    const common = { purpose: values.purpose, neededBy: values.neededBy };
    switch (kind) {
      case "new_card":
        return { kind, ...common, beneficiaryUserId: values.beneficiaryUserId || undefined, card: choice.kind ? cardPart(choice.kind, card, choice.currency) : {} };
      case "top_up":
        return { kind, ...common, cardId: values.cardId, amount: values.amount };
      case "limit_increase":
        return {
          kind,
          ...common,
          cardId: values.cardId,
          perTransactionLimit: keptLimit(values.perTransactionLimit, selected?.limitPerTransaction ?? null, selected?.currency),
          lifetimeLimit: keptLimit(values.lifetimeLimit, selected?.limitLifetime ?? null, selected?.currency),
        };
      case "unfreeze":
      case "activate":
        return { kind, ...common, cardId: values.cardId };
      default:
        return null;
    }
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    // A second submit before the disabled button is rendered (Enter pressed twice, say) sends nothing either.
    if (checkingNow.current || pending) return;
    const input = buildInput();
    setFailure(null);
    checkingNow.current = true;
    setChecking(true);
    const checks = await loadChecks().catch(() => null);
    checkingNow.current = false;
    setChecking(false);
    if (!checks) {
      setFailure({ code: "internal", message: CHECKS_NOT_LOADED });
      document.getElementById("request-errors")?.focus();
      return;
    }
    const found = checks.newRequestProblems({ input, values, selected, choice, card });
    if (chosen?.openRequestId) found.cardId = ALREADY_REQUESTED;
    setErrors(found);
    if (Object.keys(found).length > 0 || !input) {
      document.getElementById("request-errors")?.focus();
      return;
    }
    startTransition(async () => {
      let result: Awaited<ReturnType<typeof createRequestAction>>;
      try {
        // Sent again after a lost answer, the same submission id follows the request the first sending filed.
        result = await createRequestAction({ ...input, submissionId: submission.current() });
      } catch {
        setFailure({ code: "internal", message: LOST_REQUEST_ANSWER });
        document.getElementById("request-errors")?.focus();
        return;
      }
      submission.answered(result);
      // ?sent=1: the request page says it went, where focus lands (app/(dashboard)/requests/(item)/[id]/page.tsx).
      if (result.ok) router.push(`/requests/${result.data.requestId}?sent=1`);
      else {
        setFailure(result.error);
        // The card changed since the page loaded (a request of this kind was filed meanwhile, say): reload what the
        // form offers, which then shows the card as already requested, with a link to that request.
        if (result.error.fields?.cardId) router.refresh();
        document.getElementById("request-errors")?.focus();
      }
    });
  };

  const errorCount = Object.values(fields).filter(Boolean).length;
  const kinds = Object.keys(REQUEST_KIND_LABELS) as RequestKind[];
  const available = (item: RequestKind) => kindOffer(cards, item) !== "none";
  const busy = pending || checking;
  const anyRequested = listed.some((entry) => entry.openRequestId !== null);
  return (
    <form
      method="post"
      onSubmit={submit}
      onFocus={() => {
        void loadChecks().catch(() => undefined);
        void preloadIssueCost().catch(() => undefined);
      }}
      noValidate
      aria-label="New request"
      className="grid gap-6"
    >
      {/* Focused after a submit with problems: the count (announced), then a link to each field with its problem. */}
      <div id="request-errors" tabIndex={-1} className="focus:ring-ring/50 focus:ring-offset-background grid gap-2 rounded-xs outline-none focus:ring-[3px] focus:ring-offset-4">
        {errorCount > 0 && !failure ? <p className="text-destructive text-sm" role="alert">{fieldsNeedAttention(errorCount)}</p> : null}
        <ActionFailureAlert failure={failure} shownFields={FIELD_KEYS} />
        <ErrorLinks targets={errorTargets(kind, choice.kind, kinds.find(available) ?? "new_card")} errors={fields} />
      </div>

      <fieldset className="grid gap-2" aria-describedby={fields.kind ? "request-kind-error" : undefined}>
        <legend className="mb-2 text-base font-semibold">What do you need?</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {kinds.map((item) => {
            const offer = kindOffer(cards, item);
            const none = offer === "none";
            return (
              // Unavailable: a dashed border and a muted name, not a faded box, so the reason under it stays readable.
              <label key={item} className="has-[:checked]:border-primary has-[:checked]:bg-accent has-[:disabled]:cursor-not-allowed has-[:disabled]:border-dashed flex cursor-pointer gap-3 rounded-lg border p-3 text-sm">
                {/* ARIA 1.2 lists aria-invalid for radiogroup, not radio, yet screen readers announce it on the focused
                    radio; the group's error itself is tied to the fieldset with aria-describedby. */}
                {/* eslint-disable-next-line jsx-a11y/role-supports-aria-props */}
                <input
                  type="radio"
                  id={`request-kind-${item}`}
                  name="kind"
                  value={item}
                  checked={kind === item}
                  disabled={none}
                  aria-invalid={fields.kind ? true : undefined}
                  onChange={() => set({ kind: item, cardId: "" })}
                  className="mt-0.5"
                />
                <span className="grid gap-0.5">
                  <span className={none ? "text-muted-foreground font-medium" : "font-medium"}>{REQUEST_KIND_LABELS[item]}</span>
                  <span className="text-muted-foreground text-xs">
                    {none ? unavailable[item] : offer === "requested" ? "Already requested for each card that could take it." : KIND_HINTS[item]}
                  </span>
                </span>
              </label>
            );
          })}
        </div>
        {fields.kind ? (
          <p id="request-kind-error" className="text-destructive text-xs">
            {fields.kind}
          </p>
        ) : null}
      </fieldset>

      {kind && kind !== "new_card" ? (
        <section className="grid items-start gap-4 sm:grid-cols-2">
          <h2 className="text-base font-semibold sm:col-span-2">{REQUEST_KIND_LABELS[kind]}</h2>
          <FormField id="request-cardId" label="Card" error={fields.cardId} hint={anyRequested ? <AlreadyRequested kind={kind} listed={listed} /> : undefined}>
            <NativeSelect {...fieldProps("request-cardId", fields.cardId, anyRequested ? "hint" : undefined)} value={values.cardId} onChange={(event) => set({ cardId: event.target.value })}>
              <option value="">Choose a card</option>
              {listed.map(({ card: item, openRequestId }) => (
                // Already asked for this kind: shown, not choosable; the hint links to the open request.
                <option key={item.id} value={item.id} disabled={openRequestId !== null}>
                  {cardName(item)}
                  {openRequestId ? ` (${REQUEST_KIND_LABELS[kind].toLowerCase()} already requested)` : ""}
                </option>
              ))}
            </NativeSelect>
          </FormField>
          {kind === "top_up" ? (
            <FormField id="request-amount" label={`Amount${selected ? ` (${selected.currency})` : ""}`} error={fields.amount} hint={selected ? `Balance now: ${formatMoney(selected.balance, selected.currency)}.` : undefined}>
              <Input {...fieldProps("request-amount", fields.amount, selected ? "hint" : undefined)} inputMode="decimal" autoComplete="off" placeholder="0.00" className="tabular-nums" value={values.amount} onChange={(event) => set({ amount: event.target.value })} />
            </FormField>
          ) : null}
          {kind === "limit_increase" ? (
            <>
              <FormField id="request-perTransactionLimit" label="New per-transaction limit" error={fields.perTransactionLimit} hint={selected ? `Now ${formatMoney(selected.limitPerTransaction, selected.currency)}.${selected.limitPerTransaction !== null ? " Leave empty to keep it." : ""}` : undefined}>
                <Input {...fieldProps("request-perTransactionLimit", fields.perTransactionLimit, selected ? "hint" : undefined)} inputMode="decimal" autoComplete="off" placeholder={keptLimit("", selected?.limitPerTransaction ?? null, selected?.currency) || "0.00"} value={values.perTransactionLimit} onChange={(event) => set({ perTransactionLimit: event.target.value })} />
              </FormField>
              <FormField id="request-lifetimeLimit" label="New lifetime limit" error={fields.lifetimeLimit} hint={selected ? `Now ${selected.limitLifetime === null ? "unlimited" : `${formatMoney(selected.limitLifetime, selected.currency)}. Leave empty to keep it`}.` : undefined}>
                <Input {...fieldProps("request-lifetimeLimit", fields.lifetimeLimit, selected ? "hint" : undefined)} inputMode="decimal" autoComplete="off" placeholder={keptLimit("", selected?.limitLifetime ?? null, selected?.currency) || "0.00"} value={values.lifetimeLimit} onChange={(event) => set({ lifetimeLimit: event.target.value })} />
              </FormField>
            </>
          ) : null}
        </section>
      ) : null}

      {kind === "new_card" ? (
        <section className="grid items-start gap-4 sm:grid-cols-2">
          <h2 className="text-base font-semibold sm:col-span-2">The card</h2>
          {onBehalf ? (
            <FormField id="request-beneficiaryUserId" label="For" error={fields.beneficiaryUserId} hint="Finance may ask on someone else's behalf: type their name or email, or leave empty for yourself. The card goes to that person and their team.">
              <PersonPicker
                {...fieldProps("request-beneficiaryUserId", fields.beneficiaryUserId, "hint")}
                purpose="assign"
                value={beneficiary}
                excludeIds={[onBehalf.selfId]}
                noneLabel="Me"
                onChange={(person) => {
                  setBeneficiary(person ? personChoice(person) : null);
                  set({ beneficiaryUserId: person?.id ?? "" });
                }}
              />
            </FormField>
          ) : null}
          <NewCardFields accounts={accounts} values={card} set={setCard} errors={fields} choice={choice} />
        </section>
      ) : null}

      {kind ? (
        <section className="grid items-start gap-4 sm:grid-cols-2">
          <h2 className="text-base font-semibold sm:col-span-2">Why and when</h2>
          <FormField id="request-purpose" label="Purpose" error={fields.purpose} hint={`What it is for: the approver reads this. ${values.purpose.length}/${PURPOSE_MAX_LENGTH}`} className="grid gap-1.5 sm:col-span-2">
            <Textarea {...fieldProps("request-purpose", fields.purpose, "hint")} value={values.purpose} onChange={(event) => set({ purpose: event.target.value })} maxLength={PURPOSE_MAX_LENGTH} rows={3} />
          </FormField>
          <FormField id="request-neededBy" label="Needed by (optional)" error={fields.neededBy}>
            <Input {...fieldProps("request-neededBy", fields.neededBy)} type="date" value={values.neededBy} onChange={(event) => set({ neededBy: event.target.value })} />
          </FormField>
        </section>
      ) : null}

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={busy} aria-busy={busy}>
          {busy ? "Sending…" : "Send request"}
        </Button>
        <Button asChild variant="ghost">
          <Link href="/requests">Cancel</Link>
        </Button>
      </div>
    </form>
  );
}
