import { Alert } from "@/components/ui/alert";
import { webhookUrlShown } from "@/lib/provider-accounts/webhook-registration";
import type { ProviderName } from "@/lib/providers/types";
import { CopyField } from "./copy-field";

/** An account's webhook URL ready to copy, or, where the provider would refuse it (NobePay over http://), why not. */
export function WebhookUrlField({ id, provider, url }: { id: string; provider: ProviderName; url: string }) {
  const shown = webhookUrlShown(provider, url);
  if (shown.state === "needs-https") {
    return (
      <div className="grid gap-1.5">
        <p className="text-sm font-medium">Webhook URL</p>
        <Alert variant="destructive">{shown.notice}</Alert>
      </div>
    );
  }
  const note = shown.state === "local" ? shown.notice : shown.hint;
  return (
    <div className="grid gap-1">
      <CopyField id={id} label="Webhook URL to register with the provider" value={shown.url} />
      {note ? <p className="text-muted-foreground text-xs">{note}</p> : null}
    </div>
  );
}
