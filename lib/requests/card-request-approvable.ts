import type { CardRow } from "@/db/queries/card-updates";
import { whySpentMoreThan } from "@/lib/cards/limit-increase";
import { whyCardNotApprovable } from "./card-closed";
import { whyCardRefusesRequest, type CardForRequests, type CardRequestKind } from "./card-takes-request";
import { whyLifetimeLoweredSinceFiling } from "./limit-lowered";
import { whyNoLongerNeeded, type RequestNeed } from "./no-longer-needed";
import { termMinor } from "./terms";

/** The card as the approval rules read it: what it can take, with its provider and account, and its limits. */
export type CardToApproveOn = CardForRequests & Pick<CardRow, "limitPerTransaction" | "limitLifetime" | "limitUsed" | "currency">;

/**
 * A limit increase whose approved lifetime limit is below what the card has already spent since it was filed (filing
 * refuses one): approving and retrying refuse it, each finishing the sentence with what to do. Null for other kinds.
 */
export function whyApprovedLifetimeSpent(request: RequestNeed, card: { limitUsed: bigint | null; currency: string }): string | null {
  const lifetime = request.kind === "limit_increase" ? termMinor(request.approved, "lifetimeLimit") : null;
  return lifetime === null ? null : whySpentMoreThan(lifetime, card);
}

function whyLifetimeSpent(request: RequestNeed, card: CardToApproveOn): string | null {
  const spent = whyApprovedLifetimeSpent(request, card);
  return spent ? `${spent}, the lifetime limit this asks for, so it cannot be approved: reject it, and its holder can ask for a higher one.` : null;
}

/**
 * Why a card-change request cannot be approved on the card as it is now (with its provider and account): the card is
 * closed or being cancelled, the request is no longer needed (an activation or unfreeze done, a limit increase the
 * card's limits caught up with), the provider no longer knows the card, its account is disabled, the card cannot take
 * the change the request would be carried out as (a top-up on a card frozen meanwhile), a limit increase's lifetime
 * limit is below what the card has spent, or the card's lifetime limit was lowered below the one the increase was
 * weighed on (whyLifetimeLoweredSinceFiling: its approvals do not cover that raise). Approved, it could only end in
 * "failed" (or a withdrawal) and its holder be told so; it can still be rejected. The same refusals as filing a request
 * (create-request.ts), in the words the request page shows. Null while it can be approved.
 */
export function whyCardRequestNotApprovable(request: RequestNeed & { kind: CardRequestKind }, card: CardToApproveOn): string | null {
  return (
    whyCardNotApprovable(card) ??
    whyNoLongerNeeded(request, card) ??
    // What filing refuses (the provider no longer knows the card, its account is disabled, it cannot take the change).
    whyCardRefusesRequest(request.kind, card) ??
    whyLifetimeSpent(request, card) ??
    whyLifetimeLoweredSinceFiling(request, card)
  );
}
