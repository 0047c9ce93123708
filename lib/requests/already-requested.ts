/** Filing's refusal of a second open request of a kind for one card (a unique index backs it), also shown by the form. */
export const ALREADY_REQUESTED = "There is already an open request of this kind for this card. Cancel it or wait for it to finish.";
