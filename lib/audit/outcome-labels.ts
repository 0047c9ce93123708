/** How each audit outcome reads, for the outcome badge and the outcome filter. */
export const OUTCOME_LABELS: Record<string, string> = { success: "Succeeded", denied: "Denied", failure: "Failed" };

/**
 * How one row's outcome reads in its badge. A request to a provider (order.created) succeeds when Cardhub makes it,
 * before the provider answers: "Succeeded" beside "asked the provider to issue …" read as if the card was issued,
 * so it reads "Requested"; what the provider did is the later row's.
 */
export function outcomeLabel(action: string, outcome: string): string {
  if (action === "order.created" && outcome === "success") return "Requested";
  return OUTCOME_LABELS[outcome] ?? outcome;
}
