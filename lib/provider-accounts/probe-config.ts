import type { ProviderAccountConfig } from "@/lib/providers";

/**
 * A check of an account (Test connection, the ping before an account is saved) asks whether the provider answers now:
 * one attempt within the account's own timeout, not the retries an order is given (a hanging provider held "Testing…"
 * through the timeout and 30 s of retries).
 */
export function probeConfig(config: ProviderAccountConfig): ProviderAccountConfig {
  return { ...config, settings: { ...config.settings, maxRetryMs: 0 } };
}
