import type { LedgerStatus } from "@/db/schema/transactions";

/** Statuses whose amount never left or reached the card: a decline, a released hold, a hold that lapsed. */
export const NO_MONEY_STATUSES: readonly LedgerStatus[] = ["declined", "reversed", "expired"];

/** MONEY: whether a row's amount moved at all. It still carries the amount asked for, which must not be added up as spend. */
export function movedMoney(status: LedgerStatus): boolean {
  return !NO_MONEY_STATUSES.includes(status);
}
