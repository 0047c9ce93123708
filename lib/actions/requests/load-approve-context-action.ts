"use server";

import { findCardForView } from "@/db/queries/cards";
import { findProduct } from "@/db/queries/products";
import { findProviderAccount } from "@/db/queries/provider-accounts";
import { findRequest } from "@/db/queries/requests";
import { cardNowText } from "@/components/requests/request-summary";
import { guardedAction, type ActionContext } from "@/lib/actions/guard";
import { can } from "@/lib/auth/permissions";
import { ActionError } from "@/lib/actions/result";
import { loadRequestCost, type RequestCostView } from "@/lib/requests/load-request-cost";
import type { RequestCost } from "@/lib/requests/request-cost";
import { requestIdSchema } from "@/lib/requests/schemas";

/** What approving takes from the funding account, as the list's Approve dialog reads it: minor units as decimal strings. */
export type RequestCostForDialog = {
  cost: Omit<RequestCost, "amount"> & { amount: string };
  paying: RequestCostView["paying"];
};

/**
 * SECURITY: the request page's visibility (app/(dashboard)/requests/(item)/[id]/load-request.ts): the person it is for,
 * their team's managers, finance, auditors and admins. The guard answers another organisation's request as not found.
 */
async function viewedRequestResource(input: { requestId: string }, context: ActionContext) {
  const request = await findRequest(context.db, input.requestId);
  if (!request) return null;
  return { id: request.id, organizationId: request.organizationId, ownerUserId: request.beneficiaryUserId, teamId: request.teamId };
}

/** What the list's Approve dialog reads on opening, beside the facts the list row already holds. */
export type ApproveContext = {
  /** What approving takes from the funding account; null for a request that moves no money. */
  cost: RequestCostForDialog | null;
  /** The card's balance (a top-up) or limits and use (a limit increase) as they stand, as the request page's "Card now". */
  cardNow: string | null;
};

/**
 * What the request page shows an approver beside the terms: the cost (amount, the product's fee and where it came
 * from, the total) for a top-up or a new card, and the card as it stands for a top-up or a limit increase. Computed on
 * the server from the stored request, card and product, never from what the browser sends; the paying balance only for
 * funding.view (loadRequestCost), the card only for card.view, as on the request page.
 */
export const loadApproveContextAction = guardedAction({
  permission: "request.view",
  input: requestIdSchema,
  resource: viewedRequestResource,
  resourceType: "request",
  run: async (input, { db, user }): Promise<ApproveContext> => {
    const request = await findRequest(db, input.requestId);
    // Gone since the guard read it (the guard checked its organisation).
    if (!request) throw new ActionError("not_found", "That item does not exist.");
    const details = request.details as { productId?: string };
    const [card, account, product] = await Promise.all([
      request.cardId ? findCardForView(db, request.cardId) : Promise.resolve(null),
      request.providerAccountId ? findProviderAccount(db, request.providerAccountId) : Promise.resolve(null),
      request.providerAccountId && details.productId ? findProduct(db, { providerAccountId: request.providerAccountId, providerProductId: details.productId }) : Promise.resolve(null),
    ]);
    const view = await loadRequestCost(db, { request, card, product, account, viewer: user });
    // The request's viewer may not see its card (it changed hands since), as on the request page.
    const cardNow = card && can(user, "card.view", card) ? cardNowText(request.kind, card) : null;
    return { cost: view ? { cost: { ...view.cost, amount: view.cost.amount.toString() }, paying: view.paying } : null, cardNow };
  },
});
