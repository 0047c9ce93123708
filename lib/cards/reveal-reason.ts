// In a file of its own: the card page's reveal button needs only this, not the other form checks and money formatting.
export const REVEAL_REASON_MIN = 5;
export const REVEAL_REASON_TOO_SHORT = `Give a reason of at least ${REVEAL_REASON_MIN} characters.`;

/** A company card's reveal reason (the server makes the same check, lib/cards/reveal-card.ts); null when it will do. */
export function revealReasonProblem(reason: string): string | null {
  return reason.trim().length < REVEAL_REASON_MIN ? REVEAL_REASON_TOO_SHORT : null;
}
