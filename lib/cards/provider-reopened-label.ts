/** Words for a cancelled card its provider reports open; safe to import anywhere (no server code). */
export const REOPENED_AT_PROVIDER = "Open at provider";

/** What the card page says of it: why it stays cancelled, and what to do. `providerLabel` is the provider's name. */
export function reopenedAtProviderNote(providerLabel: string): string {
  return `${providerLabel} reports this cancelled card open again. A cancellation is final at every provider, so Cardhub keeps the card cancelled and allows nothing on it. Ask ${providerLabel} to confirm the cancellation.`;
}
