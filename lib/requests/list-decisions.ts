import type { DbOrTx } from "@/db/client";
import { listRequestDecisionContexts } from "@/db/queries/requests";
import { can, type Actor } from "@/lib/auth/permissions";
import type { CardModel } from "@/lib/providers/types";
import { whyCardRequestNotApprovable } from "./card-request-approvable";
import { routeAfterStandIn, whyCannotApprove } from "./policy";

/** What the requests list offers on a row its viewer may decide now. */
export type ListDecision = {
  /** The step the viewer decides (the request's currentStep): the server refuses the decision once it moved on. */
  step: number;
  /** How many steps the request takes, with the finance step added after finance stands in for a missing manager. */
  stepCount: number;
  /** Why it cannot be approved as it stands (the request page's reason): only rejecting is offered. */
  approveBlockedBy: string | null;
  /** What the request was weighed by when filed, and its card's model: what approving a status change releases. */
  policyAmount: bigint | null;
  cardModel: CardModel | null;
};

/**
 * The rows of a list page (by request id) that this viewer may decide now, each with what deciding it from the list
 * needs. The request page's own rules, on one read for the whole page: whyCannotApprove with whether finance stands in
 * (whyCannotTakeStep reads that per request; here the same query reads it for every row), and
 * whyCardRequestNotApprovable on the card. SECURITY: an offer only; the approve and reject actions check it all again
 * under the request's lock.
 */
export async function decisionsOnPage(
  db: DbOrTx,
  viewer: Actor,
  requestIds: readonly string[],
): Promise<Map<string, ListDecision>> {
  const decisions = new Map<string, ListDecision>();
  // Someone who approves nothing is offered nothing, and nothing is read for them.
  if (requestIds.length === 0 || !can(viewer, "request.approve")) return decisions;
  for (const { request, financeStandsIn, card } of await listRequestDecisionContexts(db, {
    organizationId: viewer.organizationId,
    requestIds,
  })) {
    if (whyCannotApprove(viewer, request, { financeStandsIn }) !== null) continue;
    const approveBlockedBy =
      card && request.kind !== "new_card"
        ? whyCardRequestNotApprovable({ ...request, kind: request.kind }, card)
        : null;
    const addsFinanceStep =
      financeStandsIn && routeAfterStandIn(request.steps, request.currentStep).length > request.steps.length;
    decisions.set(request.id, {
      step: request.currentStep,
      stepCount: request.steps.length + (addsFinanceStep ? 1 : 0),
      approveBlockedBy,
      policyAmount: request.policyAmount,
      cardModel: card?.cardModel ?? null,
    });
  }
  return decisions;
}
