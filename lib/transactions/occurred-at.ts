import type { Transaction } from "@/lib/providers/types";

/** When a transaction happened, as its row keeps it, and whether that time is one the provider gave. */
export type OccurredAt = { occurredAt: Date; occurredAtFromProvider: boolean };

type ProviderTimes = Pick<Transaction, "authorizedAt" | "settledAt" | "occurredAt">;

/** When the provider says a transaction happened: its authorisation time, else its settlement time, else its own time for it. */
export function providerTimeOf(transaction: ProviderTimes): Date | null {
  return transaction.authorizedAt ?? transaction.settledAt ?? transaction.occurredAt;
}

/**
 * The one rule for a row's occurred_at: the provider's authorisation time, else its settlement time (whatever became
 * of the transaction: a reversed or declined trade keeps it here though not as settled_at), else the provider's own
 * time for it; only a report that gives none takes `receivedAt`, a time Cardhub wrote. The row keeps which it was
 * (transactions.occurred_at_from_provider), since its other columns no longer tell: a corrected time zone moves the
 * provider's times and never Cardhub's (time-zone-correction.ts).
 */
export function occurredAtOf(transaction: ProviderTimes, receivedAt: Date): OccurredAt {
  const fromProvider = providerTimeOf(transaction);
  return fromProvider ? { occurredAt: fromProvider, occurredAtFromProvider: true } : { occurredAt: receivedAt, occurredAtFromProvider: false };
}
