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
import { ConfirmActionDialog } from "./confirm-action-dialog";
import { CopyField } from "./copy-field";
import { useRefreshingAction } from "@/components/forms/use-refreshing-action";

export function TestConnectionButton({ accountId, label }: { accountId: string; label: string }) {
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const { run, pending, failure } = useRefreshingAction();
  return (
    <div className="grid gap-2">
      <div>
        <Button type="button" variant="outline" size="sm" disabled={pending} aria-busy={pending} onClick={() => run(() => testProviderAccountAction({ accountId }), setResult)}>
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
export function RotateWebhookUrlButton({ accountId, label, providerLabel }: { accountId: string; label: string; providerLabel: string }) {
  return (
    <ConfirmActionDialog
      trigger={
        <Button variant="outline" size="sm">
          <RotateCw aria-hidden /> Rotate webhook URL
          <span className="sr-only"> of {label}</span>
        </Button>
      }
      title={`Rotate the webhook URL of ${label}?`}
      description={`Use this when the URL may have leaked. The current URL stops working at once: ${providerLabel} webhooks sent to it are refused until you set the new URL in the ${providerLabel} dashboard. Until then, transactions still arrive through the regular sync.`}
      confirmLabel="Rotate webhook URL"
      destructive
      action={() => rotateWebhookUrlAction({ accountId })}
      renderResult={(data) => <RotatedWebhookUrl id={`rotated-webhook-${accountId}`} url={data.webhookUrl} label={label} providerLabel={providerLabel} />}
    />
  );
}

function RotatedWebhookUrl({ id, url, label, providerLabel }: { id: string; url: string; label: string; providerLabel: string }) {
  // The confirm button that had focus is gone: focus (and select) the new URL, so it is read out and ready to copy.
  useEffect(() => document.getElementById(id)?.focus(), [id]);
  return (
    <>
      <CopyField id={id} label="New webhook URL" value={url} />
      <p className="text-muted-foreground text-xs">
        The webhook URL of {label} was rotated and the old one no longer works. Set this one in the {providerLabel} dashboard now.
      </p>
    </>
  );
}
