"use client";

import { useEffect, useRef, useState } from "react";
import { Pencil, Plus } from "lucide-react";
import { PROVIDER_LABELS } from "@/components/cards/labels";
import { ActionFailureAlert, fieldsNeedAttention } from "@/components/cards/action-failure";
import { fieldProps, FormField, issuesToFields } from "@/components/forms/form-field";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { addProviderAccountAction } from "@/lib/actions/provider-accounts/add-provider-account";
import { editProviderAccountAction } from "@/lib/actions/provider-accounts/edit-provider-account";
import type { ProviderAccountView } from "@/lib/provider-accounts/account-view";
import { addressOrigin } from "@/lib/provider-accounts/address-origin";
import { typedCardepassVersion } from "@/lib/provider-accounts/cardepass-version";
import { CREDENTIAL_FIELDS, type BaseUrlPreset } from "@/lib/provider-accounts/presets";
import { PROVIDER_NAMES, type ProviderName } from "@/lib/providers/types";
import { useRefreshingAction } from "@/components/forms/use-refreshing-action";

/**
 * Adds or edits a provider account. SECURITY: secret fields start empty even when editing ("set — leave blank to
 * keep"); the browser never receives a stored secret, it can only send a replacement.
 */
export function ProviderAccountDialog({
  account,
  presets,
  defaultOpen = false,
}: {
  account?: ProviderAccountView;
  presets: Record<ProviderName, BaseUrlPreset[]>;
  /** Open when first drawn: loaded by the page's button when it was first used (DeferredDialog). */
  defaultOpen?: boolean;
}) {
  const [open, setOpen] = useState(defaultOpen);
  const [provider, setProvider] = useState<ProviderName>(account?.provider ?? "cardepass");
  const [label, setLabel] = useState(account?.label ?? "");
  const [baseUrl, setBaseUrl] = useState(account?.baseUrl ?? presets.cardepass[0]?.url ?? "");
  const [timeZone, setTimeZone] = useState(account?.timeZone ?? "");
  const [apiVersion, setApiVersion] = useState(account?.apiVersion ?? "");
  const [credentials, setCredentials] = useState<Record<string, string>>({});
  // The version the form was opened with, kept while it is open: a save over someone else's change since is refused.
  const [loadedUpdatedAt, setLoadedUpdatedAt] = useState(() => account?.updatedAt.toISOString());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { run, pending, failure, setFailure } = useRefreshingAction();
  const fields = { ...failure?.fields, ...errors };
  // As Settings' other dialogs: the problems found before sending are counted in the alert the server's refusal uses.
  const problemCount = Object.keys(errors).length;
  const summary = failure ?? (problemCount > 0 ? { code: "invalid_input" as const, message: fieldsNeedAttention(problemCount), fields: errors } : null);
  const prefix = account ? `account-${account.id}` : "new-account";
  // A refused save moves focus to its first field in trouble, in the form's order, as Settings' other dialogs do: left on
  // the button, a screen-reader user hears nothing of what went wrong. Both change only on a save (and on opening).
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (Object.keys(errors).length > 0 || failure?.fields) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors, failure]);
  const presetValue = presets[provider].find((preset) => preset.url === baseUrl)?.url ?? "";
  // A stored secret is never sent to another server than the one it was entered for (the server refuses it too).
  const movesServer = account !== undefined && addressOrigin(baseUrl) !== addressOrigin(account.baseUrl);

  // Every field starts again from the stored account (or empty) each time the dialog opens or closes: an edit that was
  // cancelled must not come back and be saved with the next change.
  const reset = () => {
    setErrors({});
    setFailure(null);
    setCredentials({});
    setLoadedUpdatedAt(account?.updatedAt.toISOString());
    setLabel(account?.label ?? "");
    setProvider(account?.provider ?? "cardepass");
    setBaseUrl(account?.baseUrl ?? presets.cardepass[0]?.url ?? "");
    setTimeZone(account?.timeZone ?? "");
    setApiVersion(account?.apiVersion ?? "");
  };
  const onOpenChange = (next: boolean) => {
    setOpen(next);
    reset();
  };

  // Another provider asks other credentials: what was said of the last one's (its refusal, its fields) no longer applies.
  const chooseProvider = (next: ProviderName) => {
    setErrors({});
    setFailure(null);
    setProvider(next);
    setCredentials({});
    setBaseUrl(presets[next][0]?.url ?? "");
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    // The schema (and zod with it) is loaded on submit, not with the page: first-load JavaScript budget.
    const { addProviderAccountSchema, editProviderAccountSchema } = await import("@/lib/provider-accounts/schemas");
    const common = { label, baseUrl, timeZone, apiVersion, credentials };
    const local: Record<string, string> = {};
    for (const field of CREDENTIAL_FIELDS[provider]) {
      const value = credentials[field.name]?.trim() ?? "";
      const keepsStored = account?.storedFields.includes(field.name) && !(field.secret && movesServer);
      if (!value && movesServer && field.secret) local[`credentials.${field.name}`] = `Enter the ${field.label.toLowerCase()} again: the address points at another server.`;
      else if (!value && !keepsStored) local[`credentials.${field.name}`] = `Enter the ${field.label.toLowerCase()}.`;
      else if (value && field.numeric && !/^\d+$/.test(value)) local[`credentials.${field.name}`] = `${field.label} must be a whole number.`;
    }
    if (!/^https?:\/\/\S+$/.test(baseUrl.trim())) local.baseUrl = "Enter a full URL such as https://api.example.com.";
    const typedVersion = provider === "cardepass" ? typedCardepassVersion(apiVersion) : null;
    if (typedVersion && "problem" in typedVersion) local.apiVersion = typedVersion.problem;
    const parsed = account ? editProviderAccountSchema.safeParse({ ...common, accountId: account.id, loadedUpdatedAt }) : addProviderAccountSchema.safeParse({ ...common, provider });
    const all = { ...(parsed.success ? {} : issuesToFields(parsed.error.issues)), ...local };
    // The provider's answer to the last try is not this try's: it goes, whether or not this one is sent.
    setFailure(null);
    setErrors(all);
    if (Object.keys(all).length > 0) return;
    run(
      () => (account ? editProviderAccountAction({ ...common, accountId: account.id, loadedUpdatedAt }) : addProviderAccountAction({ ...common, provider })),
      () => onOpenChange(false),
    );
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        {account ? (
          <Button variant="outline" size="sm" aria-label={`Edit ${account.label}`}>
            <Pencil aria-hidden /> Edit
          </Button>
        ) : (
          <Button>
            <Plus aria-hidden /> Add account
          </Button>
        )}
      </DialogTrigger>
      <DialogContent className="max-h-[90dvh] overflow-y-auto">
        <DialogHeader>
          <DialogTitle>{account ? `Edit ${account.label}` : "Add provider account"}</DialogTitle>
          <DialogDescription>
            Cardhub checks the details with the provider before saving. Credentials are stored encrypted and are never shown again.
          </DialogDescription>
        </DialogHeader>
        <form ref={form} method="post" onSubmit={submit} noValidate className="grid gap-4">
          {account ? (
            <p className="text-sm">
              <span className="text-muted-foreground">Provider: </span>
              {PROVIDER_LABELS[account.provider]}
            </p>
          ) : (
            <FormField id={`${prefix}-provider`} label="Provider" error={fields.provider}>
              <NativeSelect {...fieldProps(`${prefix}-provider`, fields.provider)} value={provider} onChange={(event) => chooseProvider(event.target.value as ProviderName)}>
                {PROVIDER_NAMES.map((name) => (
                  <option key={name} value={name}>
                    {PROVIDER_LABELS[name]}
                  </option>
                ))}
              </NativeSelect>
            </FormField>
          )}
          <FormField id={`${prefix}-label`} label="Label" error={fields.label} hint="How people see this account, e.g. “Cardepass EUR”.">
            <Input {...fieldProps(`${prefix}-label`, fields.label, "hint")} value={label} onChange={(event) => setLabel(event.target.value)} maxLength={100} autoComplete="off" />
          </FormField>
          {presets[provider].length > 0 ? (
            <FormField id={`${prefix}-preset`} label="Host">
              <NativeSelect id={`${prefix}-preset`} value={presetValue} onChange={(event) => event.target.value && setBaseUrl(event.target.value)}>
                <option value="">Other (type the base URL)</option>
                {presets[provider].map((preset) => (
                  <option key={preset.url} value={preset.url}>
                    {preset.label} — {preset.url}
                  </option>
                ))}
              </NativeSelect>
            </FormField>
          ) : null}
          <FormField
            id={`${prefix}-base-url`}
            label="Base URL"
            error={fields.baseUrl}
            hint={provider === "cardopenapi" ? "The provider's document gives no host: use the one the provider sent you." : undefined}
          >
            <Input {...fieldProps(`${prefix}-base-url`, fields.baseUrl, provider === "cardopenapi" ? "hint" : undefined)} value={baseUrl} onChange={(event) => setBaseUrl(event.target.value)} inputMode="url" autoComplete="off" />
          </FormField>
          {CREDENTIAL_FIELDS[provider].map((field) => {
            const key = `credentials.${field.name}`;
            const stored = account?.storedFields.includes(field.name);
            const id = `${prefix}-${field.name}`;
            const secretHint = movesServer ? "The address points at another server: type the secret again." : "A secret is set. Leave blank to keep it, or type a new one to replace it.";
            const hint = !stored ? undefined : field.secret ? secretHint : `Set (ends in ${account!.identifierHints[field.name]!.replace("…", "")}). Leave blank to keep it.`;
            return (
              <FormField key={field.name} id={id} label={field.label} error={fields[key]} hint={hint}>
                <Input
                  {...fieldProps(id, fields[key], hint ? "hint" : undefined)}
                  type={field.secret ? "password" : "text"}
                  inputMode={field.numeric ? "numeric" : undefined}
                  autoComplete={field.secret ? "new-password" : "off"}
                  placeholder={stored ? (field.secret ? "••••••••  (set)" : `${account!.identifierHints[field.name]}  (set)`) : undefined}
                  value={credentials[field.name] ?? ""}
                  onChange={(event) => setCredentials((current) => ({ ...current, [field.name]: event.target.value }))}
                />
              </FormField>
            );
          })}
          {provider === "cardopenapi" ? (
            <div className="grid gap-4 sm:grid-cols-2">
              <FormField id={`${prefix}-time-zone`} label="Time zone" error={fields.timeZone ?? fields["settings.timeZone"]} hint="Of the provider's times, e.g. Asia/Shanghai (the default).">
                <Input {...fieldProps(`${prefix}-time-zone`, fields.timeZone ?? fields["settings.timeZone"], "hint")} value={timeZone} onChange={(event) => setTimeZone(event.target.value)} placeholder="Asia/Shanghai" autoComplete="off" />
              </FormField>
              <FormField id={`${prefix}-api-version`} label="API version" error={fields.apiVersion ?? fields["settings.apiVersion"]} hint="The path segment, v1 by default.">
                <Input {...fieldProps(`${prefix}-api-version`, fields.apiVersion ?? fields["settings.apiVersion"], "hint")} value={apiVersion} onChange={(event) => setApiVersion(event.target.value)} placeholder="v1" autoComplete="off" />
              </FormField>
            </div>
          ) : null}
          {provider === "cardepass" && account ? (
            <FormField
              id={`${prefix}-api-version`}
              label="Document version"
              error={fields.apiVersion ?? fields["settings.apiVersion"]}
              hint="The Cardepass document this account follows, v1 or v2, detected when it was connected. A change is checked with the provider; leave blank to keep it."
            >
              <Input
                {...fieldProps(`${prefix}-api-version`, fields.apiVersion ?? fields["settings.apiVersion"], "hint")}
                value={apiVersion}
                onChange={(event) => setApiVersion(event.target.value)}
                placeholder={account.apiVersion ? `${account.apiVersion}  (set)` : "v1"}
                className="w-40"
                autoComplete="off"
              />
            </FormField>
          ) : null}
          <ActionFailureAlert
            failure={summary}
            shownFields={["provider", "label", "baseUrl", "timeZone", "apiVersion", "settings.timeZone", "settings.apiVersion", ...CREDENTIAL_FIELDS[provider].map((field) => `credentials.${field.name}`)]}
          />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending} aria-busy={pending}>
              {pending ? "Checking with the provider…" : account ? "Save changes" : "Connect account"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
