import type { DbOrTx } from "@/db/client";
import { findCard } from "@/db/queries/card-updates";
import type { ProviderOrderRow } from "@/db/queries/provider-orders";
import { findRequest } from "@/db/queries/requests";
import { ActionError } from "@/lib/actions/result";
import type { SessionUser } from "@/lib/auth/session-user";
import type { OrderRequest } from "@/lib/orders/order-request";
import { parseFormAmount } from "./amounts";
import type { CardChange } from "./request-card-change";
import type { IssueCardRequest } from "./schemas";

/*
 * A submission sent again under its first order id (the browser's retry after a lost answer, an approved request's
 * second run) follows the order the first placed. The checks here decide whether the order found under that id is
 * this submission's own.
 */

const NOT_FOUND = "That order does not exist.";

/**
 * SECURITY: a card request's id is the order id its approved execution places the order under
 * (lib/requests/execution-key.ts). A browser's submission naming one is answered as not found, so nobody places an
 * order under a request's key that the executor would then take for the request's own.
 */
export async function submissionOrderId(db: DbOrTx, orderId: string | undefined): Promise<string | undefined> {
  if (orderId && (await findRequest(db, orderId))) throw new ActionError("not_found", NOT_FOUND);
  return orderId;
}

/**
 * SECURITY: an order id from the browser may be forged or guessed. Another person's order, another organisation's,
 * or one on another card is answered as one that does not exist: never followed, described or taken for this one.
 */
function refuseUnlessOwn(order: ProviderOrderRow, user: SessionUser, isTheCard: boolean): void {
  if (order.organizationId !== user.organizationId || order.createdByUserId !== user.id || !isTheCard) throw new ActionError("not_found", NOT_FOUND);
}

const minorText = (field: string, text: string, currency: string) => parseFormAmount(field, text, currency).amount.toString();

function isSameChange(order: ProviderOrderRow, change: CardChange, currency: string): boolean {
  if (order.type !== change.type) return false;
  const request = order.request as OrderRequest;
  switch (change.type) {
    case "topup":
    case "withdraw":
      return order.amount === parseFormAmount("amount", change.amount, currency).amount;
    case "limits":
      return (
        request.type === "limits" &&
        request.perTransaction === minorText("perTransactionLimit", change.perTransactionLimit, currency) &&
        request.lifetime === (change.lifetimeLimit ? minorText("lifetimeLimit", change.lifetimeLimit, currency) : null)
      );
    default:
      return true;
  }
}

/** Money boundary: the change on this card sent again is followed; any other change under its id is refused. */
export function checkRepeatedChange(order: ProviderOrderRow, params: { user: SessionUser; cardId: string; currency: string; change: CardChange }): void {
  refuseUnlessOwn(order, params.user, order.cardId === params.cardId);
  if (!isSameChange(order, params.change, params.currency)) {
    throw new ActionError(
      "conflict",
      "A different change was already sent from this window, and its answer may have been lost. Check the card's provider requests before making another change: close this window and open it again to start a new one.",
    );
  }
}

function isSameIssue(order: ProviderOrderRow, ownerUserId: string | null, input: IssueCardRequest): boolean {
  const request = order.request as OrderRequest;
  if (request.type !== "issue" || order.providerAccountId !== input.accountId || request.productId !== input.productId) return false;
  if (ownerUserId !== (input.ownerUserId ?? null)) return false;
  const currency = order.currency ?? request.currency;
  if (input.kind === "cardepass-sharebalance") {
    return (
      request.perTransactionLimit === minorText("perTransactionLimit", input.perTransactionLimit, currency) &&
      (request.lifetimeLimit ?? null) === (input.lifetimeLimit ? minorText("lifetimeLimit", input.lifetimeLimit, currency) : null)
    );
  }
  // A Standard card issued empty (Cardepass v2) has no amount.
  if (input.initialAmount === undefined) return order.amount === null;
  return order.amount === parseFormAmount("initialAmount", input.initialAmount, currency).amount;
}

/** Money boundary: the same card sent again is followed; a different card under the first one's id is refused. */
export async function checkRepeatedIssue(db: DbOrTx, order: ProviderOrderRow, params: { user: SessionUser; input: IssueCardRequest }): Promise<void> {
  refuseUnlessOwn(order, params.user, order.type === "issue" && order.cardId !== null);
  const card = await findCard(db, order.cardId!);
  if (!card || !isSameIssue(order, card.ownerUserId, params.input)) {
    throw new ActionError(
      "conflict",
      "A different card was already sent from this form, and its answer may have been lost. Check the cards list before issuing another: reload the page to start a new one.",
    );
  }
}
