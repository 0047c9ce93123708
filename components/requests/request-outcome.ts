import type { RequestStatus } from "@/db/schema/requests";

/**
 * What a person just did to a request, said where focus lands, with the statuses in which it still holds: "Cardhub
 * is carrying it out now" is untrue once the request is done, and the page (which refreshes by itself while the
 * provider works) must not go on saying it.
 */
export type RequestOutcome = { message: string; holdsWhile: readonly RequestStatus[] };

/** Where the request stands once it has moved past what the person did: said in the same place, which keeps focus. */
const MOVED_ON: Record<RequestStatus, string> = {
  pending: "This request is waiting for approval.",
  approved: "This request is approved: Cardhub carries it out next.",
  executing: "Cardhub is carrying out this request now.",
  done: "This request is done: Cardhub has carried it out.",
  failed: "Carrying out this request failed: the page says why.",
  rejected: "This request was rejected.",
  cancelled: "This request was cancelled.",
};

/**
 * The outcome's message while the request is in a status it holds for; once it has moved on, where it stands now (a
 * screen-reader user hears "done" or "failed" as the page refreshes by itself); nothing when nothing was done.
 */
export function outcomeNow(outcome: RequestOutcome | null, status: RequestStatus): string | null {
  if (!outcome) return null;
  return outcome.holdsWhile.includes(status) ? outcome.message : MOVED_ON[status];
}
