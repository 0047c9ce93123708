import { CurrencyMismatchError } from "@/lib/money";
import { isProviderError } from "@/lib/providers";

/**
 * What an account's card sync status says when an error of Cardhub's own (a database error, a bug) stopped it. Its
 * text (a failing query with the row's values: holder names, masked numbers, provider ids) goes to the worker's log,
 * cleaned (lib/jobs/loggable-error), never to the status people read on /funding.
 */
export const ACCOUNT_SYNC_STOPPED_INSIDE_CARDHUB = "An error inside Cardhub stopped this account's card sync (the worker's log names it); the next sync tries again.";

/**
 * Why one card could not be read, as the account's card sync status names it: the provider's answer (scrubbed of card
 * numbers and credentials when the error was made, lib/providers/errors), the currency a card's amounts came in, or
 * for anything else a sentence pointing at the worker's log.
 */
export function cardReadFailure(error: unknown): string {
  if (isProviderError(error) || error instanceof CurrencyMismatchError) return error.message;
  return "an error inside Cardhub (the worker's log names it)";
}
