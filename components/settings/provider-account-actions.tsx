"use client";

import { useState } from "react";
import { Plug, Power, PowerOff } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { ClientProviderText } from "@/components/providers/client-provider-text";
import { Button } from "@/components/ui/button";
import { setProviderAccountActiveAction } from "@/lib/actions/provider-accounts/set-provider-account-active";
import { testProviderAccountAction } from "@/lib/actions/provider-accounts/test-provider-account";
import type { ConnectionTestResult } from "@/lib/provider-accounts/test-connection";
import { ConfirmActionDialog } from "./confirm-action-dialog";
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
