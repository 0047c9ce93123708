import type { Db, DbOrTx } from "@/db/client";
import { findProductById } from "@/db/queries/products";
import { lockCard, type CardRow } from "@/db/queries/card-updates";
import { findProviderAccount } from "@/db/queries/provider-accounts";
import { findOrder, insertOrder, listOpenOrdersOfCard, type ProviderOrderRow } from "@/db/queries/provider-orders";
import { lockRequest, updateRequest } from "@/db/queries/requests";
import { record } from "@/lib/audit/record";
import { ActionError } from "@/lib/actions/result";
import type { Actor } from "@/lib/auth/permissions";
import { auditContextFor, type RequestMeta, type SessionUser } from "@/lib/auth/session-user";
import { compareMoney, moneyFromMinor, type Money } from "@/lib/money";
import { followOrder } from "@/lib/orders/follow-order";
import type { OrderRequest } from "@/lib/orders/order-request";
import { startOrder } from "@/lib/orders/start-order";
import { fundingShortfall } from "@/lib/fees/funding-shortfall";
import { FundingShortfallError } from "@/lib/fees/funding-shortfall-error";
import { quoteFee, type ProductFees } from "@/lib/fees/product-fees";
import { parseProductFees } from "@/lib/fees/parse-product-fees";
import { findPayingBalance, type PayingBalance } from "@/lib/funding/paying-balance";
import { CAPABILITIES, type ProviderOperation } from "@/lib/providers";
import type { ProviderName } from "@/lib/providers/types";
import { whyCardChangedHands } from "@/lib/requests/policy";
import { minorToDecimalText } from "@/lib/format";
import { describeMoney, fieldError, parseFormAmount } from "./amounts";
import { answerWithin } from "@/lib/orders/answer-within";
import { CardBusyError } from "./card-busy-error";
import { cardBusyReason } from "./card-busy-reason";
import { ACCOUNT_DISABLED_REASON, availableCardActions, BLOCKED_WHILE_ACCOUNT_DISABLED, type CardAction } from "./card-actions";
import { waitsForOpenOrders } from "./open-order-rule";
import { limitsToSet } from "./limit-increase";
import { missingCardActions } from "./provider-limits";
import { whyLifetimeLoweredFrom } from "@/lib/requests/limit-lowered";
import { isNeverIssued, NEVER_ISSUED_REASON } from "./never-issued";
import { assertKnownToProvider } from "./provider-missing";
import { isReportedLost, REPORTED_LOST_REASON } from "./reported-lost";
import { checkRepeatedChange } from "./repeated-order";
import { LIFETIME_BELOW_PER_TRANSACTION } from "./limit-messages";

export type CardChange =
  | { type: "freeze" | "unfreeze" | "cancel" | "activate" }
  | { type: "topup" | "withdraw"; amount: string }
  | { type: "limits"; perTransactionLimit: string; lifetimeLimit: string };

export type CardChangeResult = { orderId: string; status: string; failureMessage: string | null };

const ACTION_FOR: Record<CardChange["type"], CardAction> = {
  freeze: "freeze",
  unfreeze: "unfreeze",
  cancel: "cancel",
  topup: "topUp",
  withdraw: "withdraw",
  limits: "setLimits",
  activate: "activate",
};

const REFUSAL: Record<CardChange["type"], string> = {
  freeze: "Only an active card can be frozen, and this card's provider must offer freezing.",
  unfreeze: "Only a frozen card can be unfrozen.",
  cancel: "This card cannot be cancelled in its current state.",
  topup: "Only an active card whose provider accepts top-ups can be topped up.",
  withdraw: "There is no balance on this card to withdraw.",
  limits: "Limits can only be changed on a live ShareBalance card.",
  activate: "Only a card that is not activated yet can be activated, and only where its provider offers activation.",
};

/** The changes a provider may not offer at all, by the operation whose absence the card page explains (provider-limits.ts). */
const PROVIDER_OPERATION: Partial<Record<CardChange["type"], ProviderOperation>> = { freeze: "freeze", topup: "topUp", withdraw: "withdraw", limits: "setLimits" };

/**
 * Why a change the card's actions do not include is refused: a lost card stays frozen; a change its provider does not
 * offer for this card says so, in the card page's words (a Card OPEN-API card holding money offers no withdrawal, which
 * "no balance to withdraw" would misstate); otherwise what the card's state lacks.
 */
function refusalFor(type: CardChange["type"], card: CardRow & { provider: ProviderName }): string {
  // A card never issued is only the record of an attempt: why nothing can be done with it, not what a state lacks.
  if (isNeverIssued(card)) return NEVER_ISSUED_REASON;
  if (type === "unfreeze" && isReportedLost(card)) return REPORTED_LOST_REASON;
  const operation = PROVIDER_OPERATION[type];
  const lacking = operation ? missingCardActions(CAPABILITIES[card.provider], card.cardModel).find((missing) => missing.operation === operation) : undefined;
  return lacking?.why ?? REFUSAL[type];
}

/** What a money-moving change costs and what pays for it, read before the order is written. */
type Costs = { fees: ProductFees; paying: PayingBalance | null };

async function costsFor(tx: DbOrTx, card: CardRow, provider: ProviderName): Promise<Costs> {
  const product = card.productId ? await findProductById(tx, card.productId) : null;
  const fees = parseProductFees(product?.fees);
  const paying = await findPayingBalance(tx, { providerAccountId: card.providerAccountId, provider, productId: product?.providerProductId ?? null, currency: card.currency });
  return { fees, paying };
}

function toRequest(change: CardChange, card: CardRow, costs: Costs): { request: OrderRequest; amount: Money | null } {
  switch (change.type) {
    case "freeze":
    case "unfreeze":
    case "activate":
      return { request: { type: change.type }, amount: null };
    case "cancel":
      return { request: { type: "cancel", balanceWhenPlaced: card.balance === null ? null : card.balance.toString() }, amount: null };
    case "topup":
    case "withdraw": {
      const amount = parseFormAmount("amount", change.amount, card.currency);
      const fee = quoteFee(costs.fees, card.cardModel, change.type, amount.amount);
      if (change.type === "withdraw" && card.balance !== null && compareMoney(amount, moneyFromMinor(card.balance, card.currency)) > 0) {
        throw fieldError("amount", `You can withdraw at most the card's balance, ${describeMoney(moneyFromMinor(card.balance, card.currency))}.`);
      }
      // A withdrawal fee comes off the card as well (Cardepass: $5.10 off the card for $5.00 back).
      const offCard = amount.amount + (fee && fee.currency === card.currency ? fee.fee : 0n);
      if (change.type === "withdraw" && card.balance !== null && offCard > card.balance) {
        throw fieldError("amount", `With its ${describeMoney(moneyFromMinor(fee!.fee, card.currency))} fee this takes ${describeMoney(moneyFromMinor(offCard, card.currency))} off the card, which holds ${describeMoney(moneyFromMinor(card.balance, card.currency))}.`);
      }
      // Refused on its field before anything is sent; the provider's own refusal still covers a balance that moved since.
      const shortfall = change.type === "topup" ? fundingShortfall({ amount: amount.amount, currency: card.currency, fee, paying: costs.paying, what: "top-up" }) : null;
      if (shortfall) throw new FundingShortfallError("amount", shortfall, "top-up");
      return { request: { type: change.type, amount: amount.amount.toString() }, amount };
    }
    case "limits": {
      const perTransaction = parseFormAmount("perTransactionLimit", change.perTransactionLimit, card.currency);
      const lifetime = change.lifetimeLimit ? parseFormAmount("lifetimeLimit", change.lifetimeLimit, card.currency) : null;
      if (lifetime && compareMoney(lifetime, perTransaction) < 0) throw fieldError("lifetimeLimit", LIFETIME_BELOW_PER_TRANSACTION);
      if (lifetime && card.limitUsed !== null && lifetime.amount < card.limitUsed) {
        throw fieldError("lifetimeLimit", `The card has already spent ${describeMoney(moneyFromMinor(card.limitUsed, card.currency))}; the lifetime limit cannot be lower.`);
      }
      return {
        request: {
          type: "limits",
          perTransaction: perTransaction.amount.toString(),
          lifetime: lifetime ? lifetime.amount.toString() : null,
          before: { perTransaction: card.limitPerTransaction?.toString() ?? null, lifetime: card.limitLifetime?.toString() ?? null },
        },
        amount: null,
      };
    }
  }
}

export type CardChangeOptions = {
  /**
   * The order's id: an approved card request's execution key, or the browser's id of one submission (made once per
   * dialog opening); a random id otherwise. A submission repeated under it follows the order the first one placed.
   */
  orderId?: string;
  /** Whose permissions allow the change when it is not the acting user's own: an approved request's. */
  authority?: Actor;
  /** An approved request's beneficiary and team: its approvals cover the card only while it is still theirs. */
  holder?: { beneficiaryUserId: string; teamId: string };
  /**
   * An approved limit increase, with the card's lifetime limit when it was filed: it never lowers a limit. Its limits
   * are set as limitsToSet gives them on the card read under the lock, so one raised another way since stands.
   */
  raiseOnly?: { lifetimeAtFiling: bigint | null };
  /** Wait at most this long for the provider's first answer (a card's dialogs), else until it answers (a request's run). */
  answerWithinMs?: number;
  /**
   * An approved request's execution, whose order this is. MONEY: its order is written only while the request is still
   * executing at this attempt, read under the request's row lock (taken after the card's, as filing and retrying take
   * them), the lock its requester's cancel takes (cancelRequest): of a cancel and this placement, exactly one happens.
   */
  execution?: { requestId: string; attempt: number };
};

/** An approved request's execution that was withdrawn (its requester cancelled it) before its order was written. */
export class ExecutionWithdrawnError extends ActionError {
  constructor() {
    super("conflict", "The request was cancelled before anything was sent to the provider for it.");
    this.name = "ExecutionWithdrawnError";
  }
}

/** MONEY: a limits change that raises only, on the card as read under its lock: each limit never below the card's. */
function raisingOnly(change: CardChange, card: CardRow, lifetimeAtFiling: bigint | null): CardChange {
  if (change.type !== "limits" || !change.lifetimeLimit) return change;
  const asked = {
    perTransaction: parseFormAmount("perTransactionLimit", change.perTransactionLimit, card.currency).amount,
    lifetime: parseFormAmount("lifetimeLimit", change.lifetimeLimit, card.currency).amount,
  };
  const set = limitsToSet(asked, card, lifetimeAtFiling);
  return {
    type: "limits",
    perTransactionLimit: minorToDecimalText(set.perTransaction, card.currency),
    lifetimeLimit: set.lifetime === null ? "" : minorToDecimalText(set.lifetime, card.currency),
  };
}

/**
 * One state-changing or money-moving request on an existing card. Under a lock on the card: the change must be
 * allowed for this person, card state and provider, no other change may be in flight, and the order row plus its
 * audit row are written before the provider hears of it.
 */
export async function requestCardChange(
  db: Db,
  user: SessionUser,
  meta: RequestMeta,
  cardId: string,
  requested: CardChange,
  options: CardChangeOptions = {},
): Promise<CardChangeResult> {
  const placed = await db.transaction(async (tx): Promise<{ order: ProviderOrderRow; written: boolean }> => {
    const card = await lockCard(tx, cardId);
    if (!card || card.organizationId !== user.organizationId) throw new ActionError("not_found", "That card does not exist.");
    // Before the repeated-run check: a second run finds the same limits on the card (or the first order's, the same).
    const change = options.raiseOnly ? raisingOnly(requested, card, options.raiseOnly.lifetimeAtFiling) : requested;
    // A second run of the same approved request, or a submission sent again after its answer was lost: its order was
    // written (and checked) by the first and may have moved money already, so it is followed, never refused as a
    // conflicting change nor placed twice.
    const existing = options.orderId ? await findOrder(tx, options.orderId) : null;
    if (existing) {
      checkRepeatedChange(existing, { user, cardId: card.id, currency: card.currency, change });
      return { order: existing, written: false };
    }
    const execution = options.execution ? await lockRequest(tx, options.execution.requestId) : null;
    if (options.execution && (execution?.status !== "executing" || execution.executionAttempt !== options.execution.attempt)) throw new ExecutionWithdrawnError();
    // MONEY: an approved increase was weighed as a raise from the lifetime limit the card had when it was filed. Read
    // again under the lock, where a limits order completing since the request was claimed is seen: from a lower limit,
    // the raise would be one nobody weighed (lib/requests/limit-lowered.ts).
    if (options.raiseOnly) {
      const lowered = whyLifetimeLoweredFrom(options.raiseOnly.lifetimeAtFiling, card);
      if (lowered) throw new ActionError("conflict", lowered);
    }
    const account = await findProviderAccount(tx, card.providerAccountId);
    if (!account) throw new ActionError("not_found", "That card's provider account no longer exists.");
    assertKnownToProvider(card);
    // Money boundary: a disabled account moves no more money (an approved request's execution ends here too, failed
    // with this reason, before the provider hears of it).
    if (!account.active && BLOCKED_WHILE_ACCOUNT_DISABLED.has(ACTION_FOR[change.type])) throw new ActionError("conflict", ACCOUNT_DISABLED_REASON);
    // Checked under the card's lock, where a reassignment cannot slip in between the check and the order.
    const changedHands = options.holder ? whyCardChangedHands(options.holder, card) : null;
    if (changedHands) throw new ActionError("conflict", changedHands);
    const allowed = availableCardActions(options.authority ?? user, { ...card, provider: account.provider, accountActive: account.active });
    if (!allowed.has(ACTION_FOR[change.type])) throw new ActionError("conflict", refusalFor(change.type, { ...card, provider: account.provider }));
    // Includes an order whose outcome is unknown ("needs review"): a second request could move the money twice. Only a
    // freeze overtakes an open money or limits order (open-order-rule.ts).
    const open = await listOpenOrdersOfCard(tx, card.id);
    const openTypes = open.map((order) => order.type);
    if (waitsForOpenOrders(change.type, openTypes)) {
      const freezeStillPossible = change.type !== "freeze" && allowed.has("freeze") && !waitsForOpenOrders("freeze", openTypes);
      throw new CardBusyError(cardBusyReason(open, freezeStillPossible));
    }
    const { request, amount } = toRequest(change, card, await costsFor(tx, card, account.provider));
    const created = await insertOrder(tx, {
      id: options.orderId,
      organizationId: card.organizationId,
      providerAccountId: card.providerAccountId,
      cardId: card.id,
      type: change.type,
      amount: amount?.amount ?? null,
      currency: card.currency,
      request,
      createdByUserId: user.id,
    });
    // With its order written the request no longer waits for another change to its card: the requests list reads
    // card_busy_since alone to say "Waiting" (lib/requests/waiting-on-card.ts).
    if (execution?.cardBusySince) await updateRequest(tx, execution.id, { cardBusySince: null });
    await record(tx, auditContextFor(user, meta), {
      action: "order.created",
      targetType: "card",
      targetId: card.id,
      teamId: card.teamId,
      summary: { orderId: created.id, ...request, cardStatus: card.status, balance: card.balance, currency: card.currency, ...(options.execution ? { forRequest: options.execution.requestId } : {}) },
    });
    return { order: created, written: true };
  });
  const { order } = placed;
  // The dialog waits for the provider's first answer only so long (answerWithin): the card page follows the order after.
  const answer = await answerWithin(placed.written ? startOrder(db, order.id) : followOrder(db, order.id), options.answerWithinMs, `sending ${order.id}`);
  const latest = answer === "sending" ? null : answer;
  return { orderId: order.id, status: latest?.status ?? order.status, failureMessage: latest?.failureMessage ?? order.failureMessage };
}
