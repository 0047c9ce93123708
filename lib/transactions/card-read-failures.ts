import { SyncLeaseLostError } from "@/db/queries/transactions-sync";
import { loggableError } from "@/lib/jobs/loggable-error";
import { readFailureText } from "@/lib/provider-accounts/sync-failure-text";
import { isProviderError } from "@/lib/providers/errors";

/**
 * Cards in a row whose read fails inside Cardhub after which a run stops: by then the cause is not one card's (a
 * database refusing every write fails every card alike). Each run still charges the cards before the last, so the
 * next run goes on past them instead of meeting the same card again.
 */
export const CARD_FAILURES_IN_A_ROW_TO_STOP = 3;

/**
 * What a run over an account's cards, one list per card (NobePay's transactions), does with a card whose read failed.
 * The failure is charged to the card: named in the account's status (the returned text, worded by readFailureText),
 * and the card is skipped for the rest of the run and read again later, while the other cards go on. The run ends
 * instead (the error is thrown on) when the failure is not the card's: credentials the provider refuses, the run's
 * lease taken over by another run, or CARD_FAILURES_IN_A_ROW_TO_STOP cards in a row failing inside Cardhub. A database
 * that does not answer ends it too, since recording the card's failure then fails as well.
 */
export class CardReadFailures {
  private insideCardhubInARow = 0;

  constructor(private readonly accountLabel: string) {}

  /** A card read through, or failed at the provider: the next failure inside Cardhub starts a new row. */
  read(): void {
    this.insideCardhubInARow = 0;
  }

  /** The text that names the card's failure in the account's status; throws the error when it ends the run. */
  charge(error: unknown, card: { alias: string; providerCardId: string }): string {
    if (error instanceof SyncLeaseLostError) throw error;
    if (isProviderError(error)) {
      if (error.code === "auth") throw error;
      this.read();
    } else {
      this.insideCardhubInARow += 1;
      if (this.insideCardhubInARow >= CARD_FAILURES_IN_A_ROW_TO_STOP) throw error;
      console.warn(`[transactions] reading card ${card.providerCardId} of ${this.accountLabel} failed inside Cardhub: ${loggableError(error)}`);
    }
    return `Card "${card.alias}" (${card.providerCardId}): ${readFailureText(error)}`;
  }
}
