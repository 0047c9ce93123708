import type { Db, DbOrTx } from "@/db/client";
import { findCard, findCardByProviderId, lockCard, type CardRow } from "@/db/queries/card-updates";
import { findProviderAccount } from "@/db/queries/provider-accounts";
import { findOrder, lockOrder, type ProviderOrderRow } from "@/db/queries/provider-orders";
import { lockWithdrawableRequestsForCard } from "@/db/queries/requests";
import { ActionError } from "@/lib/actions/result";
import { record } from "@/lib/audit/record";
import { redactSummary } from "@/lib/audit/redact";
import { can } from "@/lib/auth/permissions";
import { auditContextFor, type RequestMeta, type SessionUser } from "@/lib/auth/session-user";
import { fieldError } from "@/lib/cards/amounts";
import { isCardUnknownToProvider } from "@/lib/cards/provider-missing";
import { moneyFromMinor } from "@/lib/money";
import type { Order, ProviderName } from "@/lib/providers";
import { providerLabel } from "@/lib/providers/errors";
import { providerForAccount } from "@/lib/providers/for-account";
import { wakeRequestOfOrder } from "@/lib/jobs/wake-request-of-order";
import { afterOrderEnded } from "./after-order-ended";
import { NOT_DONE_AT_PROVIDER } from "./resolution";
import type { ResolveOrderInput } from "./schemas";
import { failLocked, settleLocked } from "./settle-order";

export type ResolveOrderResult = { orderId: string; status: string };

const TAKEN = "Another card in Cardhub already has this provider card id.";

/**
 * The order and its card, when both exist and are the person's organisation's; another's is answered as missing. The
 * card is read by `readCard`: findCard to check before the transaction, lockCard inside it.
 */
async function orderAndCard(
  db: DbOrTx,
  user: SessionUser,
  order: ProviderOrderRow | null,
  readCard: (db: DbOrTx, id: string) => Promise<CardRow | null> = findCard,
): Promise<{ order: ProviderOrderRow; card: CardRow }> {
  const card = order?.cardId ? await readCard(db, order.cardId) : null;
  if (!order || !card || card.organizationId !== user.organizationId) throw new ActionError("not_found", "That provider request does not exist.");
  // Four eyes: whether money moved on one's own card is for someone else to record (a top-up recorded as not done
  // can be asked for again).
  if (!can(user, "order.resolve", card)) throw new ActionError("forbidden", "Another finance member records the outcome of a provider request on your own card.");
  if (order.status !== "needs_review") {
    throw new ActionError("conflict", "This provider request is not waiting for review any more: the provider answered, or someone recorded its outcome. The page shows it as it stands now.");
  }
  return { order, card };
}

/**
 * An issue settled as done names the card the provider made: one the provider knows, and no other card of the
 * account has. Asked before the transaction, which holds no lock while the provider answers.
 */
async function checkCardMade(db: Db, order: ProviderOrderRow, providerCardId: string | undefined): Promise<string> {
  if (!providerCardId) throw fieldError("providerCardId", "Enter the provider's card id of the card it made, as its portal shows it.");
  if (await findCardByProviderId(db, { providerAccountId: order.providerAccountId, providerCardId })) throw fieldError("providerCardId", TAKEN);
  const provider = await providerForAccount(db, order.providerAccountId);
  try {
    await provider.getCard(providerCardId);
  } catch (error) {
    if (isCardUnknownToProvider(error)) throw fieldError("providerCardId", `${providerLabel(provider.name)} does not know a card with this id.`);
    throw new ActionError("conflict", `${providerLabel(provider.name)} could not be asked about this card just now, so nothing was recorded. Try again in a moment.`);
  }
  return providerCardId;
}

/** The provider's answer as the person read it at the provider: completed, with nothing more than the order states. */
function answerSeenAtProvider(order: ProviderOrderRow, card: CardRow, provider: ProviderName, providerCardId: string | null): Order {
  return {
    provider,
    type: order.type,
    status: "completed",
    providerStatus: "confirmed_by_person",
    providerOrderId: null,
    customerOrderNo: order.id,
    failureReason: null,
    cardIds: providerCardId ? [providerCardId] : [],
    amount: order.amount === null ? null : moneyFromMinor(order.amount, order.currency ?? card.currency),
    fee: null,
    total: null,
    createdAt: null,
    // Money boundary: the money moved when the order was last sent, not when a person recorded it. The NobePay history
    // lookup skips one entry per same-amount order completed around a new order's creation (card-history.ts): a
    // resolution's own time would make the next order's entry pass for this one's, and its deposit be sent again.
    completedAt: order.lastSubmittedAt ?? order.createdAt,
  };
}

/**
 * Finance settles a provider request in review by what they found at the provider: done completes it (its effect on
 * the card, then the card read back from the provider), not done fails it. Either way the card takes other changes
 * again. The order is locked, checked again and settled in one transaction with the person's audit row and note.
 */
export async function resolveOrderReview(db: Db, user: SessionUser, meta: RequestMeta, input: ResolveOrderInput): Promise<ResolveOrderResult> {
  const seen = await orderAndCard(db, user, await findOrder(db, input.orderId));
  const madeCardId = seen.order.type === "issue" && input.outcome === "done" ? await checkCardMade(db, seen.order, input.providerCardId) : null;
  const account = await findProviderAccount(db, seen.order.providerAccountId);
  if (!account) throw new ActionError("not_found", "That provider request's account no longer exists.");
  // The note is kept on the order as well as in the audit log: a card number typed into it is masked in both.
  const note = redactSummary(input.note) as string;
  const resolved = await db.transaction(async (tx) => {
    // Lock order: the order, its card, then the audit chain (record), as settleOrder and every card change take them;
    // writing the audit row before locking the card deadlocked with a freeze of the card.
    const { order, card } = await orderAndCard(tx, user, await lockOrder(tx, input.orderId), lockCard);
    // Settled done, the order withdraws the card's waiting requests (withdrawRequestsEndedByOrder): their locks come
    // before the audit chain's, as in settleOrder, or a decision on one of them, waiting for the chain, deadlocks this.
    if (input.outcome === "done") await lockWithdrawableRequestsForCard(tx, card.id);
    if (madeCardId && (await findCardByProviderId(tx, { providerAccountId: order.providerAccountId, providerCardId: madeCardId }))) throw fieldError("providerCardId", TAKEN);
    await record(tx, auditContextFor(user, meta), {
      action: "order.resolved",
      targetType: "card",
      targetId: card.id,
      teamId: card.teamId,
      summary: { orderId: order.id, type: order.type, amount: order.amount, currency: order.currency, outcome: input.outcome, note, providerCardId: madeCardId ?? undefined },
    });
    if (input.outcome === "done") return settleLocked(tx, order, answerSeenAtProvider(order, card, account.provider, madeCardId));
    return failLocked(tx, order, NOT_DONE_AT_PROVIDER, `Not carried out at ${providerLabel(account.provider)}, as ${user.name} found there: “${note}”`);
  });
  await afterOrderEnded(db, resolved);
  await wakeRequestOfOrder(db, resolved.id);
  return { orderId: resolved.id, status: resolved.status };
}
