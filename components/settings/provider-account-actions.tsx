"use client";

import { useEffect, useState } from "react";
import { Plug, Power, PowerOff, RotateCw } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { ClientProviderText } from "@/components/providers/client-provider-text";
import { Button } from "@/components/ui/button";
import { setProviderAccountActiveAction } from "@/lib/actions/provider-accounts/set-provider-account-active";
import { rotateWebhookUrlAction } from "@/lib/actions/provider-accounts/rotate-webhook-url";
import { testProviderAccountAction } from "@/lib/actions/provider-accounts/test-provider-account";
import type { ConnectionTestResult } from "@/lib/provider-accounts/test-connection";
import { rotatedWebhookUrlNote, rotateWebhookUrlWarning, webhookUrlShown } from "@/lib/provider-accounts/webhook-registration";
import type { ProviderName } from "@/lib/providers/types";
import { ConfirmActionDialog } from "./confirm-action-dialog";
import { CopyField } from "./copy-field";
import { useRefreshingAction } from "@/components/forms/use-refreshing-action";

export function TestConnectionButton({ accountId, label }: { accountId: string; label: string }) {
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const { run, pending, failure } = useRefreshingAction();
  return (
    <div className="grid gap-2">
      <div>
        {/* Busy, not `disabled`, while testing: a disabled button drops keyboard focus to the page's <body>. */}
        <Button
          type="button"
          variant="outline"
          size="sm"
          aria-disabled={pending || undefined}
          aria-busy={pending}
          className="aria-disabled:opacity-50"
          onClick={() => pending || run(() => testProviderAccountAction({ accountId }), setResult)}
        >
          <Plug aria-hidden /> {pending ? "Testing…" : "Test connection"}
          <span className="sr-only"> of {label}</span>
        </Button>
      </div>
      <div aria-live="polite">
        {failure ? (
          <Alert variant="destructive">
            <ClientProviderText text={failure.message} />
          </Alert>
        ) : null}
        {result && !pending ? (
          result.ok ? (
            <Alert>{result.message}</Alert>
          ) : (
            <Alert variant="destructive">
              <p>{result.message}</p>
              {result.providerDetail ? (
                <p className="text-muted-foreground mt-1 text-xs">
                  The provider said: <ClientProviderText text={result.providerDetail} />
                </p>
              ) : null}
            </Alert>
          )
        ) : null}
      </div>
    </div>
  );
}

export function AccountActiveToggle({ accountId, label, active }: { accountId: string; label: string; active: boolean }) {
  return active ? (
    <ConfirmActionDialog
      trigger={
        <Button variant="outline" size="sm" aria-label={`Disable ${label}`}>
          <PowerOff aria-hidden /> Disable
        </Button>
      }
      title={`Disable ${label}?`}
      description="Cardhub stops syncing it and nobody can issue cards on it. Existing cards stay with the provider; re-enable the account at any time."
      confirmLabel="Disable account"
      destructive
      action={() => setProviderAccountActiveAction({ accountId, active: false })}
    />
  ) : (
    <ConfirmActionDialog
      trigger={
        <Button variant="outline" size="sm" aria-label={`Enable ${label}`}>
          <Power aria-hidden /> Enable
        </Button>
      }
      title={`Enable ${label}?`}
      description="Cardhub syncs it again and finance can issue cards on it."
      confirmLabel="Enable account"
      action={() => setProviderAccountActiveAction({ accountId, active: true })}
    />
  );
}

/** For a leaked webhook URL: a fresh secret replaces the old one, which stops working at once. */
export function RotateWebhookUrlButton({ accountId, label, provider, providerLabel }: { accountId: string; label: string; provider: ProviderName; providerLabel: string }) {
  return (
    <ConfirmActionDialog
      trigger={
        <Button variant="outline" size="sm">
          <RotateCw aria-hidden /> Rotate webhook URL
          <span className="sr-only"> of {label}</span>
        </Button>
      }
      title={`Rotate the webhook URL of ${label}?`}
      resultTitle={`The webhook URL of ${label} is rotated`}
      description={rotateWebhookUrlWarning(provider, providerLabel)}
      confirmLabel="Rotate webhook URL"
      destructive
      action={() => rotateWebhookUrlAction({ accountId })}
      renderResult={(data) => <RotatedWebhookUrl id={`rotated-webhook-${accountId}`} url={data.webhookUrl} provider={provider} providerLabel={providerLabel} />}
    />
  );
}

function RotatedWebhookUrl({ id, url, provider, providerLabel }: { id: string; url: string; provider: ProviderName; providerLabel: string }) {
  // The confirm button that had focus is gone: focus (and select) the new URL, so it is read out and ready to copy;
  // when the URL is withheld, focus the warning given in its place.
  useEffect(() => document.getElementById(id)?.focus(), [id]);
  const shown = webhookUrlShown(provider, url);
  const note = rotatedWebhookUrlNote(provider, providerLabel, shown);
  if (shown.state === "needs-https") {
    return (
      <Alert id={id} tabIndex={-1} variant="destructive">
        <p>{note}</p>
        <p className="mt-1">{shown.notice}</p>
      </Alert>
    );
  }
  return (
    <>
      <CopyField id={id} label="New webhook URL" value={shown.url} />
      <p className="text-muted-foreground text-xs">{note}</p>
      {shown.state === "local" ? <p className="text-muted-foreground text-xs">{shown.notice}</p> : null}
    </>
  );
}
