/** One rule, one sentence, wherever limits are checked: the issue form, the card's dialog, a request and its decision. */
export const LIFETIME_BELOW_PER_TRANSACTION = "The lifetime limit cannot be below the per-transaction limit.";
