import { CAPABILITIES, type ProviderName } from "@/lib/providers";
import { env } from "@/lib/env";

/**
 * The address to register with the provider for this account's events. Providers that document no signature are
 * authenticated by the secret path segment (DESIGN.md, "Webhook routes"), so only administrators see it.
 */
export function webhookUrlFor(account: { provider: ProviderName; webhookSecret: string }): string | null {
  if (!CAPABILITIES[account.provider].webhooks) return null;
  return new URL(`/api/webhooks/${account.provider}/${account.webhookSecret}`, env().APP_URL).toString();
}
