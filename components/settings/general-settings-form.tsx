"use client";

import { useEffect, useRef, useState } from "react";
import { Plus, Trash2 } from "lucide-react";
import { ActionFailureAlert, CHECKS_NOT_LOADED, fieldsNeedAttention } from "@/components/cards/action-failure";
import { fieldProps, FormField } from "@/components/forms/form-field";
import { useFocusFirstProblem, type ProblemTarget } from "@/components/forms/use-focus-first-problem";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import type { Role } from "@/db/schema/users";
import { formatAmount } from "@/lib/money";
import type { OrganizationSettings } from "@/lib/settings/schema";
import { useRefreshingAction } from "@/components/forms/use-refreshing-action";
import { useStepUpRetry } from "./use-step-up-retry";

const ROLE_LABELS: Record<Role, string> = { employee: "Employee", manager: "Manager", finance: "Finance", auditor: "Auditor", admin: "Admin" };
type ThresholdRow = { key: number; providerAccountId: string; currency: string; amount: string };

// The checks (the schema, and zod with it), the action and what a save says are loaded on submit, not with the page:
// first-load JavaScript budget.
const loadSubmit = () => import("./general-settings-submit");
const SUMMARY_ID = "settings-problems";

const thresholdRowsOf = (settings: OrganizationSettings): ThresholdRow[] =>
  settings.lowBalanceThresholds.map((item, index) => ({
    key: index,
    providerAccountId: item.providerAccountId,
    currency: item.currency,
    amount: formatAmount({ amount: BigInt(item.amountMinor), currency: item.currency }),
  }));

/**
 * The organisation's rules, all saved at once; every problem is shown on its field. The save carries the values the
 * form was opened with (`loaded`): what the admin left as shown is not written over another admin's later change, and
 * a setting both changed is refused on its field (lib/settings/update-settings.ts). A change of the card reveal or
 * sign-in rules asks the administrator to confirm it's them first when their last sign-in or confirmation is more than
 * a few minutes old (`adminUsesTotp`: with their authenticator code, else their password); low-balance alerts do not.
 */
export function GeneralSettingsForm({
  settings,
  accounts,
  adminUsesTotp,
}: {
  settings: OrganizationSettings;
  accounts: { id: string; label: string }[];
  adminUsesTotp: boolean;
}) {
  const [loaded, setLoaded] = useState(settings);
  const [revealMax, setRevealMax] = useState(String(settings.revealRateLimit.max));
  const [revealWindow, setRevealWindow] = useState(String(settings.revealRateLimit.windowMinutes));
  const [idle, setIdle] = useState(String(settings.sessionIdleMinutes));
  const [roles, setRoles] = useState<Role[]>(settings.twoFactorRequiredRoles);
  const [rows, setRows] = useState<ThresholdRow[]>(() => thresholdRowsOf(settings));
  // The row just added, whose first field takes focus once it is on the page.
  const focusAdded = useRef<number | null>(null);
  useEffect(() => {
    if (focusAdded.current === null) return;
    document.getElementById(`threshold-account-${focusAdded.current}`)?.focus();
    focusAdded.current = null;
  }, [rows]);
  // After a save the form shows, and next compares with, what is now in force (another admin's changes included).
  const showInForce = (inForce: OrganizationSettings) => {
    setLoaded(inForce);
    setRevealMax(String(inForce.revealRateLimit.max));
    setRevealWindow(String(inForce.revealRateLimit.windowMinutes));
    setIdle(String(inForce.sessionIdleMinutes));
    setRoles(inForce.twoFactorRequiredRoles);
    setRows(thresholdRowsOf(inForce));
  };
  const [errors, setErrors] = useState<Record<string, string>>({});
  // What the last save that went through says: saved, or nothing to save (the server says whether anything changed).
  const [saved, setSaved] = useState("");
  const { run, pending, failure: anyFailure, setFailure } = useRefreshingAction();
  const { runAsking, shown, stepUpDialog } = useStepUpRetry(run, {
    usesTotp: adminUsesTotp,
    purpose: "to change the card reveal or sign-in rules",
  });
  const failure = shown(anyFailure);
  const fields = { ...failure?.fields, ...errors };
  // Where each problem is shown and sends focus, in the form's order: a field, or for a problem of a group (another
  // admin changed the roles, two thresholds for one account and currency) the group or its first field. Any other
  // problem is listed in the summary, which then takes focus.
  const targets: ProblemTarget[] = [
    ["revealRateLimit.max", "reveal-max"],
    ["revealRateLimit.windowMinutes", "reveal-window"],
    ["revealRateLimit", "reveal-max"],
    ["sessionIdleMinutes", "idle-minutes"],
    ["twoFactorRequiredRoles", "two-factor-roles"],
    ...(rows[0] ? [["lowBalanceThresholds", `threshold-account-${rows[0].key}`] as const] : []),
    ...rows.flatMap((row, index) =>
      (["providerAccountId", "currency", "amountMinor"] as const).map((key, n): ProblemTarget => [`lowBalanceThresholds.${index}.${key}`, `threshold-${["account", "currency", "amount"][n]}-${row.key}`]),
    ),
  ];
  // As the approval threshold form below: the problems found before sending are counted ("2 fields need attention.")
  // in the alert the server's refusal uses, and either way focus goes to the first field with a problem, whose message
  // is then read as its description (else to the summary). Left on Save, nobody hears what went wrong, and at phone
  // width the fields with problems are off the screen.
  const problemCount = Object.keys(errors).length;
  const summary = failure ?? (problemCount > 0 ? { code: "invalid_input" as const, message: fieldsNeedAttention(problemCount), fields: errors } : null);
  useFocusFirstProblem({ targets, problems: fields, alert: { id: SUMMARY_ID, shown: summary !== null } }, failure, errors);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (pending) return;
    setSaved("");
    const sending = await loadSubmit().catch(() => null);
    if (!sending) {
      setErrors({});
      setFailure({ code: "internal", message: CHECKS_NOT_LOADED });
      return;
    }
    const { checkGeneralSettings, savedMessage, updateSettingsAction } = sending;
    const { input, problems } = checkGeneralSettings({ revealMax, revealWindow, idle, roles, rows });
    // Cleared with the local problems, in one render: the last failure's field must not take focus as this one is sent.
    setErrors(problems);
    setFailure(null);
    if (Object.keys(problems).length > 0) return;
    runAsking(
      () => updateSettingsAction({ ...input, loaded }),
      ({ settings: inForce, changed }) => {
        showInForce(inForce);
        setSaved(savedMessage(changed));
      },
    );
  };

  const rowError = (index: number, key: string) => fields[`lowBalanceThresholds.${index}.${key}`];

  return (
    <>
      <form method="post" onSubmit={submit} noValidate className="grid gap-8">
        <fieldset className="grid gap-4">
          <legend className="mb-2 text-lg font-semibold">Card number reveals</legend>
          <p className="text-muted-foreground -mt-2 text-sm">How often one person may show card details, across all their cards.</p>
          {/* items-start: a message under one field leaves the other where it was, beside it. */}
          <div className="flex flex-wrap items-start gap-4">
            <FormField id="reveal-max" label="Reveals allowed" error={fields["revealRateLimit.max"]}>
              <Input {...fieldProps("reveal-max", fields["revealRateLimit.max"])} inputMode="numeric" value={revealMax} onChange={(event) => setRevealMax(event.target.value)} className="w-40" />
            </FormField>
            <FormField id="reveal-window" label="Per how many minutes" error={fields["revealRateLimit.windowMinutes"]}>
              <Input {...fieldProps("reveal-window", fields["revealRateLimit.windowMinutes"])} inputMode="numeric" value={revealWindow} onChange={(event) => setRevealWindow(event.target.value)} className="w-40" />
            </FormField>
          </div>
          {fields.revealRateLimit ? <p className="text-destructive text-xs">{fields.revealRateLimit}</p> : null}
        </fieldset>

        <fieldset className="grid gap-4">
          <legend className="mb-2 text-lg font-semibold">Sign-in</legend>
          <FormField id="idle-minutes" label="Sign out after this many idle minutes" error={fields.sessionIdleMinutes} hint="Between 5 and 720. Applies to every open session from its next request.">
            <Input {...fieldProps("idle-minutes", fields.sessionIdleMinutes, "hint")} inputMode="numeric" value={idle} onChange={(event) => setIdle(event.target.value)} className="w-40" />
          </FormField>
          <div
            id="two-factor-roles"
            tabIndex={-1}
            className="grid gap-2"
            role="group"
            aria-labelledby="two-factor-roles-label"
            aria-describedby={fields.twoFactorRequiredRoles ? "two-factor-roles-hint two-factor-roles-error" : "two-factor-roles-hint"}
          >
            <p id="two-factor-roles-label" className="text-sm font-medium">
              Roles that must use two-factor sign-in
            </p>
            <p id="two-factor-roles-hint" className="text-muted-foreground text-xs">
              People with one of these roles and no authenticator are sent to set one up right after signing in.
            </p>
            <div className="flex flex-wrap gap-4">
              {(Object.keys(ROLE_LABELS) as Role[]).map((role) => (
                <label key={role} className="flex items-center gap-2 text-sm">
                  <Checkbox
                    checked={roles.includes(role)}
                    onChange={(event) => setRoles((current) => (event.target.checked ? [...current, role] : current.filter((item) => item !== role)))}
                  />
                  {ROLE_LABELS[role]}
                </label>
              ))}
            </div>
            {fields.twoFactorRequiredRoles ? (
              <p id="two-factor-roles-error" className="text-destructive text-xs">
                {fields.twoFactorRequiredRoles}
              </p>
            ) : null}
          </div>
        </fieldset>

        <fieldset className="grid gap-4">
          <legend className="mb-2 text-lg font-semibold">Low-balance alerts</legend>
          <p className="text-muted-foreground -mt-2 text-sm">Warn when a provider account&apos;s funding balance in a currency falls below this amount.</p>
          {fields.lowBalanceThresholds ? <p className="text-destructive text-xs">{fields.lowBalanceThresholds}</p> : null}
          {rows.length === 0 ? <p className="text-muted-foreground text-sm">No thresholds yet.</p> : null}
          <ul className="grid gap-3">
            {rows.map((row, index) => (
              <li key={row.key} className="grid items-start gap-2 rounded-md border p-3 sm:grid-cols-[2fr_1fr_1fr_auto] sm:border-0 sm:p-0">
                <FormField id={`threshold-account-${row.key}`} label="Provider account" error={rowError(index, "providerAccountId")}>
                  <NativeSelect
                    {...fieldProps(`threshold-account-${row.key}`, rowError(index, "providerAccountId"))}
                    value={row.providerAccountId}
                    onChange={(event) => setRows((all) => all.map((item) => (item.key === row.key ? { ...item, providerAccountId: event.target.value } : item)))}
                  >
                    <option value="">Choose…</option>
                    {accounts.map((account) => (
                      <option key={account.id} value={account.id}>
                        {account.label}
                      </option>
                    ))}
                  </NativeSelect>
                </FormField>
                <FormField id={`threshold-currency-${row.key}`} label="Currency" error={rowError(index, "currency")}>
                  <Input
                    {...fieldProps(`threshold-currency-${row.key}`, rowError(index, "currency"))}
                    value={row.currency}
                    maxLength={3}
                    placeholder="USD"
                    onChange={(event) => setRows((all) => all.map((item) => (item.key === row.key ? { ...item, currency: event.target.value.toUpperCase() } : item)))}
                  />
                </FormField>
                <FormField id={`threshold-amount-${row.key}`} label="Alert below" error={rowError(index, "amountMinor")}>
                  <Input
                    {...fieldProps(`threshold-amount-${row.key}`, rowError(index, "amountMinor"))}
                    inputMode="decimal"
                    value={row.amount}
                    placeholder="500.00"
                    onChange={(event) => setRows((all) => all.map((item) => (item.key === row.key ? { ...item, amount: event.target.value } : item)))}
                  />
                </FormField>
                <Button type="button" variant="ghost" className="sm:mt-6" aria-label={`Remove threshold ${index + 1}`} onClick={() => setRows((all) => all.filter((item) => item.key !== row.key))}>
                  <Trash2 aria-hidden />
                </Button>
              </li>
            ))}
          </ul>
          <div>
            <Button
              type="button"
              variant="outline"
              disabled={accounts.length === 0}
              onClick={() => {
                const key = Math.max(-1, ...rows.map((item) => item.key)) + 1;
                setRows((all) => [...all, { key, providerAccountId: accounts[0]?.id ?? "", currency: "USD", amount: "" }]);
                // To the new row's first field, which appears above this button: left here, it is four Shift+Tabs away.
                focusAdded.current = key;
              }}
            >
              <Plus aria-hidden /> Add low-balance threshold
            </Button>
          </div>
        </fieldset>

        {summary ? (
          <div id={SUMMARY_ID} tabIndex={-1} className="focus-visible:ring-ring/50 rounded-lg outline-none focus-visible:ring-[3px]">
            <ActionFailureAlert failure={summary} shownFields={targets.map(([key]) => key)} />
          </div>
        ) : null}
        {saved && !pending ? <Alert>{saved}</Alert> : null}
        <div>
          {/* Not `disabled` while saving: a disabled button drops focus to the page's <body>, and the step-up dialog
              returns focus to what had it when it opened. */}
          <Button type="submit" aria-disabled={pending || undefined} aria-busy={pending} className="aria-disabled:opacity-50">
            {pending ? "Saving…" : "Save settings"}
          </Button>
        </div>
      </form>
      {/* Outside the form: React passes the step-up form's submit on to the forms around it in its tree. */}
      {stepUpDialog}
    </>
  );
}
