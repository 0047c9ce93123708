import type { ProviderOrderRow } from "@/db/queries/provider-orders";

/**
 * How long an order may go without a known outcome (no readable answer, provider unreachable) before it is marked
 * "needs review" and shown on the overview. Until then it is asked about again with backoff; it never fails on
 * silence alone.
 */
export const REVIEW_AFTER_MS = 6 * 3_600_000;

/** An order in review is still looked up now and then, so it settles by itself once the provider answers. */
export const REVIEW_RECHECK_MS = 3_600_000;

function envMs(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value >= 0 && process.env[name] !== "" && process.env[name] !== undefined ? value : fallback;
}

/**
 * A request whose answer was lost less than this long ago may still be carried out by the provider: its absence from
 * the provider's records proves nothing yet. (ORDER_LOOKUP_GRACE_MS shortens it for the fault suite's sandbox, which
 * never acts on a request after answering it.)
 */
export function lookupGraceMs(): number {
  return envMs("ORDER_LOOKUP_GRACE_MS", 60_000);
}

/** How long one submission owns a created order before the reconciler may look at it again (a crashed sender). */
export function submitLeaseMs(): number {
  return envMs("ORDER_SUBMIT_LEASE_MS", 60_000);
}

/** Whether the request went out so recently that the provider may still act on it. */
export function sentWithinGrace(order: Pick<ProviderOrderRow, "lastSubmittedAt" | "createdAt">, now = Date.now()): boolean {
  return now - (order.lastSubmittedAt ?? order.createdAt).getTime() < lookupGraceMs();
}

export function isPastReviewDeadline(order: Pick<ProviderOrderRow, "createdAt">, now = Date.now()): boolean {
  return now - order.createdAt.getTime() > REVIEW_AFTER_MS;
}

/** 2 s, 4 s, 8 s … capped at a minute, with jitter so many orders do not retry in step. */
export function backoffMs(attempt: number): number {
  const base = Math.min(60_000, 1000 * 2 ** Math.max(1, attempt));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}
