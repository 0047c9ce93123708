/** What a person found at the provider for an order in review: carried out there, or not. */
export const RESOLUTION_OUTCOMES = ["done", "not_done"] as const;
export type ResolutionOutcome = (typeof RESOLUTION_OUTCOMES)[number];

/** The failure code of an order a person settled as not carried out (the provider itself never said). */
export const NOT_DONE_AT_PROVIDER = "not_done_at_provider";

/**
 * The failure code of an order the provider accepted whose card, read afterwards, is not in the action's state (Card
 * OPEN-API's card actions, NobePay's cancellations are read from the card): not carried out, but never refused.
 */
export const CARD_NOT_CHANGED = "card_not_changed";

/** The failure code of an order in review that the provider's own records show never arrived. */
export const NO_RECORD_AT_PROVIDER = "no_record_at_provider";

/** The longest note a person may leave with a resolution. */
export const RESOLUTION_NOTE_MAX = 500;
