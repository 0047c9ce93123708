// In a file of its own: the dismissal dialog needs only these, not zod or the server's checks.
export const DISMISSAL_REASON_MIN = 3;
export const DISMISSAL_REASON_MAX = 200;
/** At most this many entries in one "dismiss all", oldest first, so one call and its audit row stay bounded. */
export const DISMISS_ALL_LIMIT = 500;

export const DISMISSAL_REASON_MISSING = `Say why the ledger can go without it (at least ${DISMISSAL_REASON_MIN} characters).`;
export const DISMISSAL_REASON_TOO_LONG = `Keep the reason short: at most ${DISMISSAL_REASON_MAX} characters.`;

/** A dismissal's reason as the server checks it (lib/provider-accounts/unread-dismissal-schema.ts); null when it will do. */
export function dismissalReasonProblem(reason: string): string | null {
  const length = reason.trim().length;
  if (length < DISMISSAL_REASON_MIN) return DISMISSAL_REASON_MISSING;
  return length > DISMISSAL_REASON_MAX ? DISMISSAL_REASON_TOO_LONG : null;
}
