"use client";

import { useState } from "react";
import { ActionFailureAlert } from "@/components/cards/action-failure";
import { fieldProps, FormField, issuesToFields } from "@/components/forms/form-field";
import { useRefreshingAction } from "@/components/forms/use-refreshing-action";
import { REQUEST_KIND_LABELS } from "@/components/requests/labels";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RequestKind } from "@/db/schema/requests";
import { removeApprovalPolicyAction } from "@/lib/actions/requests/remove-approval-policy";
import { updateApprovalPolicyAction } from "@/lib/actions/requests/update-approval-policy";
import { ConfirmActionDialog } from "./confirm-action-dialog";
import { useStepUpRetry, type StepUpPrompt } from "./use-step-up-retry";

type Row = { kind: RequestKind; currency: string; threshold: string; updatedAt: string };
/** How the signed-in administrator confirms it's them: with their authenticator code, else their password. */
type AskAdmin = (purpose: string) => StepUpPrompt;

function ThresholdRow({ row, askAdmin }: { row: Row; askAdmin: AskAdmin }) {
  const [value, setValue] = useState(row.threshold);
  const [saved, setSaved] = useState(false);
  const id = `policy-${row.kind}-${row.currency}`;
  const kindLabel = REQUEST_KIND_LABELS[row.kind].toLowerCase();
  const { run, pending, failure: anyFailure } = useRefreshingAction();
  const { runAsking, shown, stepUpDialog } = useStepUpRetry(run, askAdmin(`to change the ${kindLabel} threshold in ${row.currency}`));
  const failure = shown(anyFailure);
  const save = (event: React.FormEvent) => {
    event.preventDefault();
    if (pending) return;
    setSaved(false);
    runAsking(
      () => updateApprovalPolicyAction({ kind: row.kind, currency: row.currency, threshold: value }),
      () => setSaved(true),
    );
  };
  const error = failure?.fields?.threshold ?? (failure && !failure.fields ? failure.message : undefined);
  // The row's currency and kind are not editable here, but the server may still refuse them (a code saved before
  // unknown ones were refused): say so beside the row rather than dropping the failure silently.
  const rowError = failure?.fields && !failure.fields.threshold ? (failure.fields.currency ?? failure.fields.kind ?? failure.message) : undefined;
  return (
    <TableRow>
      <TableCell className="font-medium">{REQUEST_KIND_LABELS[row.kind]}</TableCell>
      <TableCell>{row.currency}</TableCell>
      <TableCell>
        <div className="flex flex-wrap items-start gap-2">
          <form method="post" onSubmit={save} className="flex flex-wrap items-start gap-2" aria-label={`${REQUEST_KIND_LABELS[row.kind]} threshold in ${row.currency}`}>
            <div className="grid gap-1">
              <label htmlFor={id} className="sr-only">
                {`Finance approves ${kindLabel} requests from (${row.currency})`}
              </label>
              <Input {...fieldProps(id, error)} inputMode="decimal" className="w-36 tabular-nums" value={value} onChange={(event) => setValue(event.target.value)} />
              {error ? (
                <p id={`${id}-error`} className="text-destructive text-xs">
                  {error}
                </p>
              ) : null}
            </div>
            {/* Not `disabled` while saving: a disabled button drops focus to the page's <body>, and the step-up dialog
                returns focus to what had it when it opened. */}
            <Button
              type="submit"
              variant="outline"
              size="sm"
              disabled={value === row.threshold}
              aria-disabled={pending || undefined}
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
            {rowError ? (
              <p role="alert" className="text-destructive self-center text-xs">
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
            action={() => removeApprovalPolicyAction({ kind: row.kind, currency: row.currency })}
            stepUp={askAdmin(`to remove the ${kindLabel} threshold in ${row.currency}`)}
          />
        </div>
      </TableCell>
    </TableRow>
  );
}

/** Suggests the currencies the organisation holds cards in (any ISO code may still be typed). */
function AddPolicy({ kinds, cardCurrencies, askAdmin }: { kinds: RequestKind[]; cardCurrencies: string[]; askAdmin: AskAdmin }) {
  const [values, setValues] = useState({ kind: kinds[0] ?? "new_card", currency: "", threshold: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { run, pending, failure: anyFailure, setFailure } = useRefreshingAction();
  const { runAsking, shown, stepUpDialog } = useStepUpRetry(run, askAdmin("to add an approval threshold"));
  const failure = shown(anyFailure);
  const fields = { ...failure?.fields, ...errors };
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (pending) return;
    // The schema (and zod with it) is loaded on submit, not with the page: first-load JavaScript budget.
    const { approvalPolicySchema } = await import("@/lib/requests/schemas");
    const parsed = approvalPolicySchema.safeParse(values);
    setErrors(parsed.success ? {} : issuesToFields(parsed.error.issues));
    setFailure(null);
    if (!parsed.success) return;
    runAsking(
      () => updateApprovalPolicyAction(values),
      () => setValues((current) => ({ ...current, currency: "", threshold: "" })),
    );
  };
  return (
    <>
      <form method="post" onSubmit={submit} noValidate aria-label="Add a threshold" className="grid items-start gap-3 rounded-lg border p-4 sm:grid-cols-[1fr_8rem_10rem_auto]">
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
          <Input {...fieldProps("policy-new-threshold", fields.threshold)} inputMode="decimal" placeholder="1000.00" value={values.threshold} onChange={(event) => setValues({ ...values, threshold: event.target.value })} />
        </FormField>
        {/* Not `disabled` while saving: a disabled button drops focus to the page's <body>, and the step-up dialog
            returns focus to what had it when it opened. */}
        <Button type="submit" className="aria-disabled:opacity-50 sm:mt-6" aria-disabled={pending || undefined} aria-busy={pending}>
          {pending ? "Saving…" : "Add threshold"}
        </Button>
        <div className="sm:col-span-4">
          <ActionFailureAlert failure={failure} shownFields={["kind", "currency", "threshold"]} />
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
  return (
    <div className="grid gap-4">
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
                <ThresholdRow key={`${row.kind}-${row.currency}-${row.updatedAt}`} row={row} askAdmin={askAdmin} />
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      <AddPolicy kinds={kinds} cardCurrencies={cardCurrencies} askAdmin={askAdmin} />
    </div>
  );
}
