import { randomBytes } from "node:crypto";
import { CAPABILITIES, type ProviderName } from "@/lib/providers";
import { env } from "@/lib/env";

/** A fresh secret path segment (24 random bytes, base64url): the same form when an account is connected and rotated. */
export function newWebhookSecret(): string {
  return randomBytes(24).toString("base64url");
}

/**
 * The address to register with the provider for this account's events. Providers that document no signature are
 * authenticated by the secret path segment (DESIGN.md, "Webhook routes"), so only administrators see it.
 */
export function webhookUrlFor(account: { provider: ProviderName; webhookSecret: string }): string | null {
  if (!CAPABILITIES[account.provider].webhooks) return null;
  return new URL(`/api/webhooks/${account.provider}/${account.webhookSecret}`, env().APP_URL).toString();
}
