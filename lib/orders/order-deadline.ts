import type { DbOrTx } from "@/db/client";
import { findProviderAccount } from "@/db/queries/provider-accounts";
import type { ProviderOrderRow } from "@/db/queries/provider-orders";
import { DEFAULT_MAX_RETRY_MS, DEFAULT_TIMEOUT_MS } from "@/lib/providers/http";
import type { ProviderAccountSettings } from "@/lib/providers/types";

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

/** How long the order code waits on a submission, from the account's own settings (see orderTiming). */
export type OrderTiming = { leaseMs: number; graceMs: number };

/**
 * Money boundary: what one provider request may take under the account's settings (its timeout, then retries within
 * its retry budget) decides how long a submission owns an order and how long "not at the provider" proves nothing.
 * - graceMs: from lastSubmittedAt, stamped right before each request leaves, the request may still be in flight,
 *   plus a margin for the provider to act on it.
 * - leaseMs: from the claim or any request of the submission, a token fetch and one request may follow before the
 *   next stamp or the outcome, plus a margin; until then the reconciler leaves the order alone.
 * ORDER_LOOKUP_GRACE_MS and ORDER_SUBMIT_LEASE_MS set the margins (60 s each); the fault suite shortens them.
 */
export function orderTiming(settings: Pick<ProviderAccountSettings, "timeoutMs" | "maxRetryMs"> = {}): OrderTiming {
  const requestMs = (settings.timeoutMs ?? DEFAULT_TIMEOUT_MS) + (settings.maxRetryMs ?? DEFAULT_MAX_RETRY_MS);
  return { leaseMs: 2 * requestMs + envMs("ORDER_SUBMIT_LEASE_MS", 60_000), graceMs: requestMs + envMs("ORDER_LOOKUP_GRACE_MS", 60_000) };
}

export async function orderTimingFor(db: DbOrTx, providerAccountId: string): Promise<OrderTiming> {
  return orderTiming((await findProviderAccount(db, providerAccountId))?.settings);
}

/** Whether the request went out so recently that the provider may still act on it. */
export function sentWithinGrace(order: Pick<ProviderOrderRow, "lastSubmittedAt" | "createdAt">, graceMs: number, now = Date.now()): boolean {
  return now - (order.lastSubmittedAt ?? order.createdAt).getTime() < graceMs;
}

export function isPastReviewDeadline(order: Pick<ProviderOrderRow, "createdAt">, now = Date.now()): boolean {
  return now - order.createdAt.getTime() > REVIEW_AFTER_MS;
}

/** 2 s, 4 s, 8 s … capped at a minute, with jitter so many orders do not retry in step. */
export function backoffMs(attempt: number): number {
  const base = Math.min(60_000, 1000 * 2 ** Math.max(1, attempt));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}
