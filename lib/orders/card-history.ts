import type { Db } from "@/db/client";
import { findCard } from "@/db/queries/card-updates";
import { countCompletedOrders, type ProviderOrderRow } from "@/db/queries/provider-orders";
import { moneyFromMinor } from "@/lib/money";
import { supports, type AccountLog, type CardProvider, type Order, type OrderType, type ProviderName } from "@/lib/providers";
import type { OrderTarget } from "./order-request";

/** What looking for an order at the provider found. */
export type OrderLookup =
  | { kind: "answer"; order: Order }
  /** The provider's own records show the request was never carried out. */
  | { kind: "absent"; reason: string }
  /** Not in the records yet, but the request was sent so recently it may still be carried out: look again later. */
  | { kind: "not_yet"; reason: string }
  /** The provider offers no way to find out. */
  | { kind: "no_lookup"; reason: string };

const MAX_PAGES = 20;
const PAGE_SIZE = 100;
// Provider clocks drift: history entries up to this much older than the card itself still count.
const CLOCK_SKEW_MS = 5 * 60_000;

/** The entry type a provider's per-card history uses for an order type, where the history is the only record. */
export function historyTypeFor(provider: ProviderName, type: OrderType): string | null {
  switch (provider) {
    case "nobepay":
      // nobepay.md card/order/list: TOPUP_CARD 卡充值, WITHDRAW_CARD 卡取款.
      return type === "topup" ? "TOPUP_CARD" : type === "withdraw" ? "WITHDRAW_CARD" : null;
    case "cardepass":
    case "cardopenapi":
      return null;
  }
}

/**
 * Which history entries are this order's: entries of its type and amount since `since`, minus one for each order of
 * the same type and amount on the card that completed since then. Top-ups and withdrawals on a card run one at a time
 * (only a freeze may overtake one, and it has neither an amount nor an entry type here: lib/cards/open-order-rule.ts),
 * so an entry beyond those is this order's; none beyond them means the provider never carried it out. Pure.
 */
export function matchHistory(params: { entries: AccountLog[]; historyType: string; amount: bigint; since: Date; alreadyCompleted: number }): AccountLog | null {
  const matching = params.entries
    .filter((entry) => entry.type.toUpperCase() === params.historyType)
    .filter((entry) => (entry.amount.amount < 0n ? -entry.amount.amount : entry.amount.amount) === params.amount)
    .filter((entry) => entry.occurredAt === null || entry.occurredAt.getTime() >= params.since.getTime())
    .sort((a, b) => (a.occurredAt?.getTime() ?? 0) - (b.occurredAt?.getTime() ?? 0));
  return matching[params.alreadyCompleted] ?? null;
}

function orderFromEntry(order: ProviderOrderRow, entry: AccountLog, currency: string): Order {
  return {
    provider: entry.provider,
    type: order.type,
    status: "completed",
    providerStatus: entry.type,
    providerOrderId: null,
    customerOrderNo: order.id,
    failureReason: null,
    cardIds: entry.providerCardId ? [entry.providerCardId] : [],
    amount: order.amount === null ? null : moneyFromMinor(order.amount, currency),
    fee: null,
    total: null,
    createdAt: entry.occurredAt,
    completedAt: entry.occurredAt,
  };
}

/**
 * For a provider that keeps no order to look up (NobePay top-ups and withdrawals answer once, synchronously): reads
 * the card's operation history to learn whether a request whose answer was lost was carried out.
 */
export async function findInCardHistory(db: Db, provider: CardProvider, order: ProviderOrderRow, target: OrderTarget): Promise<OrderLookup> {
  const historyType = historyTypeFor(provider.name, order.type);
  const card = order.cardId ? await findCard(db, order.cardId) : null;
  if (!historyType || !card || !target.providerCardId || order.amount === null || !supports(provider.capabilities, "accountLogs", target.cardModel)) {
    return { kind: "no_lookup", reason: "The provider keeps no record of this request that Cardhub can read." };
  }
  const entries: AccountLog[] = [];
  let cursor: string | undefined;
  for (let page = 1; ; page += 1) {
    if (page > MAX_PAGES) return { kind: "no_lookup", reason: "The card's history is too long to check automatically." };
    const result = await provider.accountLogs({ cardId: target.providerCardId, cursor, pageSize: PAGE_SIZE });
    entries.push(...result.items);
    if (!result.nextCursor || result.items.length === 0) break;
    cursor = result.nextCursor;
  }
  // Only entries from around this order's creation on can be its own: an earlier top-up of the same amount (made at
  // the provider directly, outside Cardhub) must not pass for it. Top-ups and withdrawals on a card run one at a time,
  // so the ones completed in that window are the entries to skip.
  const since = new Date(order.createdAt.getTime() - CLOCK_SKEW_MS);
  const alreadyCompleted = await countCompletedOrders(db, { cardId: card.id, type: order.type, amount: order.amount, excludeId: order.id, completedSince: since });
  const entry = matchHistory({ entries, historyType, amount: order.amount, since, alreadyCompleted });
  if (entry) return { kind: "answer", order: orderFromEntry(order, entry, card.currency) };
  return { kind: "absent", reason: "The card's history at the provider shows no such operation." };
}
