import type { RequestStatus } from "@/db/schema/requests";

/**
 * What a person just did to a request, said where focus lands, with the statuses in which it still holds: "Cardhub
 * is carrying it out now" is untrue once the request is done, and the page (which refreshes by itself while the
 * provider works) must not go on saying it.
 */
export type RequestOutcome = { message: string; holdsWhile: readonly RequestStatus[] };

/** The outcome's message while the request is in a status it holds for, else nothing. */
export function outcomeNow(outcome: RequestOutcome | null, status: RequestStatus): string | null {
  return outcome && outcome.holdsWhile.includes(status) ? outcome.message : null;
}
