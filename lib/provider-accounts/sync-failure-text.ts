import { CurrencyMismatchError } from "@/lib/money";
import { isProviderError } from "@/lib/providers";

/**
 * What an account's sync status (cards, funding, products, statements, transactions: read on /funding,
 * /cards/products, Settings and the admin overview) says when an error of Cardhub's own (a database error, a bug)
 * stopped the sync. That error's text (a failing query with the row's values: holder names, masked numbers, provider
 * ids) goes to the log, cleaned (lib/jobs/loggable-error), never to a status people read.
 */
export const SYNC_STOPPED_INSIDE_CARDHUB = "An error inside Cardhub stopped this account's sync (Cardhub's log names it); the next sync tries again.";

/**
 * The text a sync status stores for the error that stopped a sync of any kind: a provider's answer as it stands (scrubbed
 * of the credentials sent when the error was made, lib/providers/secret-scope), anything else the fixed sentence.
 */
export function syncFailureText(error: unknown): string {
  return isProviderError(error) ? error.message : SYNC_STOPPED_INSIDE_CARDHUB;
}

/**
 * Why one read within a sync (a card, a ledger) failed, as the account's sync status names it: the provider's answer, the
 * currency an amount came in, or for anything else a phrase pointing at the log.
 */
export function readFailureText(error: unknown): string {
  if (isProviderError(error) || error instanceof CurrencyMismatchError) return error.message;
  return "an error inside Cardhub (Cardhub's log names it)";
}
