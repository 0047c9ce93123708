/**
 * A refresh a page makes on its own re-renders it on the server, which counts as the person's activity there. So a
 * page refreshes itself only while someone is using it: a tab left open must not keep its session alive past the
 * idle timeout (the shortest an administrator may set is 5 minutes).
 */
export const AWAY_AFTER_MS = 5 * 60_000;

/** Whether the person has touched the page within `awayAfterMs` of `now`. */
export function isPresent(lastInputAt: number, now: number, awayAfterMs = AWAY_AFTER_MS): boolean {
  return now - lastInputAt < awayAfterMs;
}

/**
 * The live transactions list's decision on each poll: remember that the data moved, and refresh only while the person
 * is present; a change seen while they were away is shown as soon as they are back.
 */
export function refreshDecision(state: { seen: string; pending: boolean }, polled: string | undefined, present: boolean) {
  const moved = polled !== undefined && polled !== state.seen;
  const pending = state.pending || moved;
  return { seen: polled ?? state.seen, pending: pending && !present, refresh: pending && present };
}
