import type { CardLimits } from "@/lib/cards/limit-increase";
import { formatMoney } from "@/lib/format";
import type { RequestNeed } from "./no-longer-needed";
import { lifetimeLimitBefore } from "./terms";

/**
 * MONEY: why a limit increase no longer stands on its card: the card's lifetime limit was lowered below the one it had
 * when the request was filed (finance lowered it, or the provider did). The request was weighed and routed by how far
 * it raises that earlier limit (fundingAmountOf), once, at filing; carried out, it would raise the card from the lower
 * one (limitsToSet): a raise nobody weighed, past the finance threshold perhaps, on a manager's approval alone, undoing
 * the decrease. So it is not approved, retried or carried out, and one waiting is withdrawn with this reason
 * (withdrawRequestsNoLongerNeeded, and the executor). The lifetime limit only: it is what the policy weighs, and the
 * request keeps no per-transaction limit from filing. Null for other kinds, and for a card unlimited then or now.
 */
export function whyLifetimeLoweredSinceFiling(request: RequestNeed, card: Pick<CardLimits, "limitLifetime"> & { currency: string }): string | null {
  return request.kind === "limit_increase" ? whyLifetimeLoweredFrom(lifetimeLimitBefore(request.details), card) : null;
}

/** The same, from the lifetime limit the card had at filing: also checked under the card's lock as the order is placed. */
export function whyLifetimeLoweredFrom(before: bigint | null, card: Pick<CardLimits, "limitLifetime"> & { currency: string }): string | null {
  if (before === null || card.limitLifetime === null || card.limitLifetime >= before) return null;
  const [was, now] = [formatMoney(before, card.currency), formatMoney(card.limitLifetime, card.currency)];
  return `The card's lifetime limit was lowered from ${was} to ${now} since this request was filed. It was weighed and routed as a raise from ${was}, so its approvals do not cover raising the card from the lower limit: it can no longer be approved or carried out, and its holder can file a new request.`;
}
