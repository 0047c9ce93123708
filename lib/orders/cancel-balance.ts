import type { ProviderOrderRow } from "@/db/queries/provider-orders";
import { formatMoney } from "@/lib/format";
import { supports, type AccountLog, type CardModel, type CardProvider, type Money, type Order, type ProviderName } from "@/lib/providers";
import type { OrderTarget } from "./order-request";
import { cancelReturnsBalance } from "@/lib/cards/cancel-returns-balance";

/**
 * What happened to a card's balance when it was cancelled, as far as the provider's documents let us say:
 *
 * - returned: the provider states the amount it returned to the funding account (Cardepass Standard `settleAmount`,
 *   cardepass-v1.md orders/standard/cancel "settleAmount | 结算金额", credited as accountLogs
 *   "CancelCardSettleRefund 销卡结算-退回").
 * - remaining_reported: the provider states the balance left on the card when it was cancelled, but not where it
 *   went (NobePay card/order/list "CANCEL_CARD: 删卡", "amount | 创建卡/充值/取款/删卡余额 金额", example
 *   "desp": "Cancel Card，remain balance: $11.00").
 * - last_known: the provider states no figure; the card's balance as Cardhub last read it, marked as such.
 * - unknown: no figure at all (the provider states none and Cardhub never read the card's balance).
 * - none: the card held no balance of its own (Cardepass ShareBalance spends from the shared funding account).
 *
 * Kept on the completed cancel order (provider_orders.cancel_balance; amount/currency when money was returned) and in the
 * card.cancelled audit row. Amounts are minor units as strings (JSON has no bigint).
 */
export type CancelBalance = {
  kind: "returned" | "remaining_reported" | "last_known" | "unknown" | "none";
  amount: string | null;
  currency: string;
  /** The provider field or record the figure comes from, or "cardhub_last_known_balance". */
  source: string | null;
  text: string;
};

const LABELS: Record<ProviderName, string> = { cardepass: "Cardepass", nobepay: "NobePay", cardopenapi: "Card OPEN-API" };

/** The per-card history entry a provider writes for a cancellation, where that history is readable. */
function cancelHistoryType(provider: ProviderName): string | null {
  // nobepay.md 单张卡的操作历史: "CANCEL_CARD: 删卡", amount "创建卡/充值/取款/删卡余额 金额, 1000 表示 $10.00".
  return provider === "nobepay" ? "CANCEL_CARD" : null;
}

const MAX_PAGES = 5;
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * For a completed cancellation whose answer carries no amount: the balance the provider recorded in the card's own
 * history when it cancelled it (NobePay). Anything that goes wrong leaves the answer as it was: the figure is then
 * the card's last known balance, never a guess.
 */
export async function withReportedCancelBalance(provider: CardProvider, order: Pick<ProviderOrderRow, "type" | "createdAt">, target: OrderTarget, result: Order): Promise<Order> {
  if (order.type !== "cancel" || result.status !== "completed" || result.amount !== null) return result;
  const historyType = cancelHistoryType(provider.name);
  if (!historyType || !target.providerCardId || !supports(provider.capabilities, "accountLogs", target.cardModel)) return result;
  try {
    const since = order.createdAt.getTime() - CLOCK_SKEW_MS;
    const entries: AccountLog[] = [];
    let cursor: string | undefined;
    for (let page = 1; page <= MAX_PAGES; page += 1) {
      const found = await provider.accountLogs({ cardId: target.providerCardId, cursor, pageSize: 100 });
      entries.push(...found.items);
      if (!found.nextCursor || found.items.length === 0) break;
      cursor = found.nextCursor;
    }
    const entry = entries
      .filter((e) => e.type.toUpperCase() === historyType && (e.occurredAt === null || e.occurredAt.getTime() >= since))
      .sort((a, b) => (b.occurredAt?.getTime() ?? 0) - (a.occurredAt?.getTime() ?? 0))[0];
    if (!entry) return result;
    const magnitude = entry.amount.amount < 0n ? -entry.amount.amount : entry.amount.amount;
    return { ...result, amount: { amount: magnitude, currency: entry.amount.currency } };
  } catch (error) {
    console.warn(`[orders] could not read the card's history for its cancellation balance: ${error instanceof Error ? error.message : error}`);
    return result;
  }
}

/**
 * Decides what Cardhub records about the balance of a card whose cancellation the provider confirmed. Pure.
 * `reported` is the figure the provider gave (Order.amount of the cancel); `lastKnown` the card's balance as stored
 * before the cancellation was settled.
 */
export function cancelBalanceOutcome(params: {
  provider: ProviderName;
  model: CardModel;
  currency: string;
  reported: Money | null;
  /** The cancellation's fee in the currency it was charged in (not always the card's). */
  fee: Money | null;
  lastKnown: bigint | null;
}): CancelBalance {
  const { provider, model, currency, reported, fee, lastKnown } = params;
  const label = LABELS[provider];
  if (model === "sharebalance") {
    return { kind: "none", amount: null, currency, source: null, text: `A ShareBalance card holds no balance of its own: no money was returned; it spent from the shared ${label} funding account.` };
  }
  if (reported && reported.currency === currency) {
    const amount = reported.amount;
    // The documents say only this model's cancel returns the balance, and its answer states the amount (settleAmount).
    if (cancelReturnsBalance(provider, model)) {
      const feeText = fee !== null && fee.amount > 0n ? `, after the ${formatMoney(fee.amount, fee.currency)} cancellation fee` : "";
      return {
        kind: "returned",
        amount: amount.toString(),
        currency,
        source: "cardepass.settleAmount",
        text: `${formatMoney(amount, currency)} returned to the ${label} funding account${feeText} (as ${label} reported when it settled the cancellation).`,
      };
    }
    return {
      kind: "remaining_reported",
      amount: amount.toString(),
      currency,
      source: `${provider}.card_history`,
      // Nothing left on the card leaves nothing to ask the provider about.
      text:
        amount === 0n
          ? `${label} recorded no balance left on the card when it cancelled it: there was nothing to return.`
          : `${label} recorded a remaining balance of ${formatMoney(amount, currency)} when it cancelled the card; its documents do not say whether that balance is returned to your account. Check with ${label}.`,
    };
  }
  if (lastKnown !== null) {
    return {
      kind: "last_known",
      amount: lastKnown.toString(),
      currency,
      source: "cardhub_last_known_balance",
      text:
        lastKnown === 0n
          ? `Balance at cancellation, as last known: ${formatMoney(0n, currency)}, so there was nothing to return (${label} did not state a figure).`
          : `Balance at cancellation, as last known: ${formatMoney(lastKnown, currency)}. ${label} did not state what it returned, so whether it reached your funding account is not confirmed.`,
    };
  }
  return { kind: "unknown", amount: null, currency, source: null, text: `${label} did not state what happened to the card's balance, and Cardhub had no balance on record for it.` };
}

/** The outcome stored on a completed cancel order, if any. */
export function cancelBalanceOf(order: Pick<ProviderOrderRow, "type" | "cancelBalance">): CancelBalance | null {
  if (order.type !== "cancel") return null;
  const value = order.cancelBalance;
  if (!value || typeof value !== "object") return null;
  const outcome = value as Partial<CancelBalance>;
  return typeof outcome.kind === "string" && typeof outcome.text === "string" ? (outcome as CancelBalance) : null;
}
