"use client";

import { useEffect, useRef, useState } from "react";
import { ActionFailureAlert, fieldsNeedAttention } from "@/components/cards/action-failure";
import { fieldProps, FormField, issuesToFields } from "@/components/forms/form-field";
import { useFocusFirstProblem } from "@/components/forms/use-focus-first-problem";
import { useRefreshingAction } from "@/components/forms/use-refreshing-action";
import { REQUEST_KIND_LABELS } from "@/components/requests/labels";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RequestKind } from "@/db/schema/requests";
import { addApprovalPolicyAction } from "@/lib/actions/requests/add-approval-policy";
import { removeApprovalPolicyAction } from "@/lib/actions/requests/remove-approval-policy";
import { updateApprovalPolicyAction } from "@/lib/actions/requests/update-approval-policy";
import { ConfirmActionDialog } from "./confirm-action-dialog";
import { useStepUpRetry, type StepUpPrompt } from "./use-step-up-retry";

/** `threshold`: the field's decimal text ("1000.00"); `thresholdMinor`: the same in minor units ("100000"), for messages. */
type Row = { kind: RequestKind; currency: string; threshold: string; thresholdMinor: string; updatedAt: string };
/** How the signed-in administrator confirms it's them: with their authenticator code, else their password. */
type AskAdmin = (purpose: string) => StepUpPrompt;

const rowKey = (row: Row) => `${row.kind}-${row.currency}`;

function ThresholdRow({ row, askAdmin, onRemoved }: { row: Row; askAdmin: AskAdmin; onRemoved: (key: string, text: string) => void }) {
  const [value, setValue] = useState(row.threshold);
  const [saved, setSaved] = useState(false);
  // The row stays mounted across the refresh its save causes (focus and "Saved" stay); the field follows the server's
  // value whenever it changes, from this save ("1500" reads back as "1500.00") or another administrator's.
  const [shownThreshold, setShownThreshold] = useState(row.threshold);
  if (shownThreshold !== row.threshold) {
    setShownThreshold(row.threshold);
    setValue(row.threshold);
  }
  const id = `policy-${row.kind}-${row.currency}`;
  const kindLabel = REQUEST_KIND_LABELS[row.kind].toLowerCase();
  const { run, pending, failure: anyFailure } = useRefreshingAction();
  const { runAsking, shown, stepUpDialog } = useStepUpRetry(run, askAdmin(`to change the ${kindLabel} threshold in ${row.currency}`));
  const failure = shown(anyFailure);
  const save = (event: React.FormEvent) => {
    event.preventDefault();
    if (pending || value === row.threshold) return;
    setSaved(false);
    runAsking(
      // What the row showed goes with it: a change another administrator made since is not written over.
      () => updateApprovalPolicyAction({ kind: row.kind, currency: row.currency, threshold: value, expected: row.threshold }),
      () => setSaved(true),
    );
  };
  const error = failure?.fields?.threshold ?? (failure && !failure.fields ? failure.message : undefined);
  // The row's currency and kind are not editable here, but the server may still refuse them (a code saved before
  // unknown ones were refused): say so beside the row rather than dropping the failure silently.
  const rowError = failure?.fields && !failure.fields.threshold ? (failure.fields.currency ?? failure.fields.kind ?? failure.message) : undefined;
  // A refused save moves focus to what went wrong, as the add form below does: the field (its message is then read as
  // its description), or the row's message when the refusal is not about the threshold. Not left on Save.
  useFocusFirstProblem({ targets: [["threshold", id]], problems: { threshold: error }, alert: { id: `${id}-row-error`, shown: Boolean(rowError) } }, failure);
  return (
    <TableRow>
      <TableCell className="font-medium">{REQUEST_KIND_LABELS[row.kind]}</TableCell>
      <TableCell>{row.currency}</TableCell>
      <TableCell>
        <div className="flex flex-wrap items-start gap-2">
          {/* The field, Save and "Saved" on one line (one under another at phone width, so the table fits the screen); a
              refusal on the next, as wide as that line and wrapped within it (w-0 min-w-full: it adds nothing to the
              line's width), so a long message never pushes Save or Remove along. */}
          <form method="post" onSubmit={save} className="grid items-start gap-x-2 gap-y-1 sm:grid-cols-[auto_auto_auto]" aria-label={`${REQUEST_KIND_LABELS[row.kind]} threshold in ${row.currency}`}>
            <div>
              <label htmlFor={id} className="sr-only">
                {`Finance approves ${kindLabel} requests from (${row.currency})`}
              </label>
              <Input
                {...fieldProps(id, error)}
                inputMode="decimal"
                className="w-36 tabular-nums"
                value={value}
                onChange={(event) => {
                  setValue(event.target.value);
                  setSaved(false);
                }}
              />
            </div>
            {/* Never `disabled`: a disabled button drops focus to the page's <body> (as it would once saved, the value
                then unchanged), and the step-up dialog returns focus to what had it when it opened. */}
            <Button
              type="submit"
              variant="outline"
              size="sm"
              aria-disabled={pending || value === row.threshold || undefined}
              aria-busy={pending}
              className="aria-disabled:opacity-50"
            >
              {pending ? "Saving…" : "Save"}
            </Button>
            {saved ? (
              <span role="status" className="text-muted-foreground self-center text-xs">
                Saved
              </span>
            ) : null}
            {error ? (
              <p id={`${id}-error`} className="text-destructive w-0 min-w-full text-xs sm:col-span-3">
                {error}
              </p>
            ) : null}
            {rowError ? (
              <p id={`${id}-row-error`} tabIndex={-1} role="alert" className="text-destructive focus-visible:ring-ring/50 w-0 min-w-full rounded-xs sm:col-span-3 text-xs outline-none focus-visible:ring-[3px]">
                {rowError}
              </p>
            ) : null}
          </form>
          {/* Outside the form: React passes the step-up form's submit on to the forms around it in its tree. */}
          {stepUpDialog}
          <ConfirmActionDialog
            trigger={
              <Button type="button" variant="ghost" size="sm" aria-label={`Remove the ${kindLabel} threshold in ${row.currency}`}>
                Remove
              </Button>
            }
            title={`Remove the ${kindLabel} threshold in ${row.currency}?`}
            description={`From now on every ${kindLabel} request in ${row.currency} also needs finance's approval, whatever its amount. Requests already filed keep their route. You can add a threshold again at any time.`}
            confirmLabel="Remove threshold"
            destructive
            action={async () => {
              const result = await removeApprovalPolicyAction({ kind: row.kind, currency: row.currency });
              if (result.ok) onRemoved(rowKey(row), `Removed the ${kindLabel} threshold in ${row.currency}: every such request now also needs finance.`);
              return result;
            }}
            stepUp={askAdmin(`to remove the ${kindLabel} threshold in ${row.currency}`)}
          />
        </div>
      </TableCell>
    </TableRow>
  );
}

/** The add form's fields in its order, for where focus goes after a failed submit, and its summary's id. */
const ADD_FIELDS = [
  ["kind", "policy-new-kind"],
  ["currency", "policy-new-currency"],
  ["threshold", "policy-new-threshold"],
] as const;
const ADD_SUMMARY_ID = "policy-new-problems";

/** Suggests the currencies the organisation holds cards in (any ISO code may still be typed). */
function AddPolicy({ rows, kinds, cardCurrencies, askAdmin }: { rows: Row[]; kinds: RequestKind[]; cardCurrencies: string[]; askAdmin: AskAdmin }) {
  const [values, setValues] = useState({ kind: kinds[0] ?? "new_card", currency: "", threshold: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  // What the last addition did, said beside the form: focus stays on its button, and the new row is above it.
  const [added, setAdded] = useState<string | null>(null);
  const { run, pending, failure: anyFailure, setFailure } = useRefreshingAction();
  const { runAsking, shown, stepUpDialog } = useStepUpRetry(run, askAdmin("to add an approval threshold"));
  const failure = shown(anyFailure);
  const fields = { ...failure?.fields, ...errors };
  // The problems found before sending are summed up as the server's are ("2 fields need attention."), in the same alert,
  // so a submit reads the same whichever side refused it.
  const problemCount = Object.keys(errors).length;
  const summary = failure ?? (problemCount > 0 ? { code: "invalid_input" as const, message: fieldsNeedAttention(problemCount), fields: errors } : null);
  // Either way focus then goes to the first field with a problem (or to the summary when no field has one), as the
  // account forms do: left on the button, a keyboard or screen-reader user learns nothing of what went wrong.
  useFocusFirstProblem({ targets: ADD_FIELDS, problems: fields, alert: { id: ADD_SUMMARY_ID, shown: summary !== null } }, failure, errors);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (pending) return;
    // The schema (and zod with it) and the messages (with money formatting) are loaded on submit, not with the page:
    // first-load JavaScript budget.
    const [{ approvalPolicySchema }, { approvalThresholdAddedMessage, approvalThresholdTakenMessage }] = await Promise.all([
      import("@/lib/requests/schemas"),
      import("./approval-policy-messages"),
    ]);
    const parsed = approvalPolicySchema.safeParse(values);
    const problems = parsed.success ? {} : issuesToFields(parsed.error.issues);
    // Adding never replaces a threshold in force (that is its row's Save); the server refuses it too.
    const existing = rows.find((row) => row.kind === values.kind && row.currency === values.currency.trim().toUpperCase());
    if (existing) problems.currency ??= approvalThresholdTakenMessage(existing.kind, existing.currency, BigInt(existing.thresholdMinor));
    // Cleared with the local problems, in one render: the last failure's field must not take focus as this one is sent.
    setErrors(problems);
    setFailure(null);
    setAdded(null);
    if (Object.keys(problems).length > 0) return;
    const { kind } = values;
    const currency = values.currency.trim().toUpperCase();
    runAsking(
      () => addApprovalPolicyAction(values),
      // The amount as the server stored it (minor units), not as typed: "1500" reads "$1,500.00", as in every other message.
      (data) => {
        setAdded(approvalThresholdAddedMessage(kind, currency, BigInt(data.threshold)));
        setValues((current) => ({ ...current, currency: "", threshold: "" }));
      },
    );
  };
  return (
    <>
      <form method="post" onSubmit={submit} noValidate aria-label="Add an approval threshold" className="grid items-start gap-3 rounded-lg border p-4 sm:grid-cols-[1fr_8rem_10rem_auto]">
        <FormField id="policy-new-kind" label="Request kind" error={fields.kind}>
          <NativeSelect {...fieldProps("policy-new-kind", fields.kind)} value={values.kind} onChange={(event) => setValues({ ...values, kind: event.target.value as RequestKind })}>
            {kinds.map((kind) => (
              <option key={kind} value={kind}>
                {REQUEST_KIND_LABELS[kind]}
              </option>
            ))}
          </NativeSelect>
        </FormField>
        <FormField id="policy-new-currency" label="Currency" error={fields.currency}>
          <Input
            {...fieldProps("policy-new-currency", fields.currency)}
            value={values.currency}
            maxLength={3}
            placeholder="EUR"
            autoComplete="off"
            list="policy-card-currencies"
            onChange={(event) => setValues({ ...values, currency: event.target.value.toUpperCase() })}
          />
          <datalist id="policy-card-currencies">
            {cardCurrencies.map((currency) => (
              <option key={currency} value={currency} />
            ))}
          </datalist>
        </FormField>
        <FormField id="policy-new-threshold" label="Threshold" error={fields.threshold}>
          <Input {...fieldProps("policy-new-threshold", fields.threshold)} inputMode="decimal" placeholder="1000" value={values.threshold} onChange={(event) => setValues({ ...values, threshold: event.target.value })} />
        </FormField>
        {/* Not `disabled` while saving: a disabled button drops focus to the page's <body>, and the step-up dialog
            returns focus to what had it when it opened. */}
        <Button type="submit" className="aria-disabled:opacity-50 sm:mt-6" aria-disabled={pending || undefined} aria-busy={pending}>
          {pending ? "Saving…" : "Add approval threshold"}
        </Button>
        <div className="sm:col-span-4">
          {summary ? (
            <div id={ADD_SUMMARY_ID} tabIndex={-1} className="focus-visible:ring-ring/50 rounded-lg outline-none focus-visible:ring-[3px]">
              <ActionFailureAlert failure={summary} shownFields={["kind", "currency", "threshold"]} />
            </div>
          ) : null}
          <p role="status" className="text-muted-foreground text-sm empty:hidden">
            {added}
          </p>
        </div>
      </form>
      {/* Outside the form: React passes the step-up form's submit on to the forms around it in its tree. */}
      {stepUpDialog}
    </>
  );
}

/**
 * The approval thresholds, each changed or removed on its row, and a new one added below. A threshold decides who must
 * approve money, so each change asks the administrator to confirm it's them first when their last sign-in or
 * confirmation is more than a few minutes old (`adminUsesTotp`: with their authenticator code, else their password).
 */
export function ApprovalPoliciesEditor({
  rows,
  kinds,
  cardCurrencies,
  adminUsesTotp,
}: {
  rows: Row[];
  kinds: RequestKind[];
  cardCurrencies: string[];
  adminUsesTotp: boolean;
}) {
  const askAdmin: AskAdmin = (purpose) => ({ usesTotp: adminUsesTotp, purpose });
  // A removed row takes its Remove button with it: once the refreshed list no longer holds it, focus moves to the
  // message saying what was removed, instead of falling to the page's <body>.
  const [removed, setRemoved] = useState<string | null>(null);
  const focusOnceGone = useRef<string | null>(null);
  const removedNotice = useRef<HTMLParagraphElement>(null);
  const rowKeys = rows.map(rowKey).join(" ");
  useEffect(() => {
    const key = focusOnceGone.current;
    if (!key || rowKeys.split(" ").includes(key)) return;
    focusOnceGone.current = null;
    removedNotice.current?.focus();
  }, [rowKeys, removed]);
  const onRemoved = (key: string, text: string) => {
    focusOnceGone.current = key;
    setRemoved(text);
  };
  return (
    <div className="grid gap-4">
      {removed ? (
        <p ref={removedNotice} tabIndex={-1} role="status" className="text-muted-foreground focus-visible:ring-ring/50 rounded-xs text-sm outline-none focus-visible:ring-[3px]">
          {removed}
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p className="text-muted-foreground rounded-lg border border-dashed p-6 text-center text-sm">No thresholds yet: every request needs finance.</p>
      ) : (
        <div className="overflow-x-auto">
          <Table>
            <TableCaption className="sr-only">Approval thresholds</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHead scope="col">Request kind</TableHead>
                <TableHead scope="col">Currency</TableHead>
                <TableHead scope="col">Finance approves from</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((row) => (
                <ThresholdRow key={rowKey(row)} row={row} askAdmin={askAdmin} onRemoved={onRemoved} />
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      <AddPolicy rows={rows} kinds={kinds} cardCurrencies={cardCurrencies} askAdmin={askAdmin} />
    </div>
  );
}
