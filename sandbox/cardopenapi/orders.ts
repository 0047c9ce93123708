import type { SandboxContext } from "../context";
import { canonicalJson, str } from "../lib/http";
import { parseMajor } from "../lib/money";
import { CARD_STATUS, ORDER_STATUS, ORDER_TYPE } from "./inferred-endpoints";
import { newCard, type CoOrder } from "./state";

type Body = Record<string, unknown>;
export type OrderResult = { order: CoOrder } | { error: "param" | "notFound" | "insufficient" | "status" | "duplicate"; detail: string };

function fee(amountMinor: number, bps: number): number {
  return Math.round((amountMinor * bps) / 10_000);
}

/** order/openCard and order/cardRecharge (inferred): wallet debited at once, completion after the delay. */
export function placeOrder(ctx: SandboxContext, kind: "openCard" | "recharge", body: Body): OrderResult {
  const state = ctx.cardopenapi;
  const { customer_id: _c, app_id: _a, key: _k, ...business } = body;
  const requestKey = `${kind}:${canonicalJson(business)}`;
  const orderNo = str(body.order_no) ?? "";
  if (orderNo) {
    const existing = state.orders.find((o) => o.orderNo === orderNo);
    if (existing) return existing.requestKey === requestKey ? { order: existing } : { error: "duplicate", detail: orderNo };
  }
  const amount = parseMajor(body.amount);
  if (amount === null || amount <= 0) return { error: "param", detail: "amount" };

  let binId: string;
  let cardId = "";
  if (kind === "openCard") {
    const bin = state.bins.find((b) => b.binId === body.bin_id);
    if (!bin) return { error: "notFound", detail: "bin_id" };
    if (amount < bin.minRechargeMinor) return { error: "param", detail: "amount below min_recharge" };
    binId = bin.binId;
  } else {
    const card = state.cards.find((c) => c.cardId === body.card_id);
    if (!card) return { error: "notFound", detail: "card_id" };
    if (card.status !== CARD_STATUS.active && card.status !== CARD_STATUS.frozen) return { error: "status", detail: `card status ${card.status}` };
    binId = card.binId;
    cardId = card.cardId;
  }
  const bin = state.bins.find((b) => b.binId === binId);
  const feeMinor = (kind === "openCard" ? (bin?.openFeeMinor ?? 0) : 0) + fee(amount, bin?.rechargeFeeBps ?? 0);
  if (state.wallet.balanceMinor < amount + feeMinor) return { error: "insufficient", detail: "wallet balance" };
  state.wallet.balanceMinor -= amount + feeMinor;
  state.wallet.frozenMinor += amount + feeMinor;

  const order: CoOrder = {
    orderId: `O${ctx.rng.digits(18)}`,
    orderNo,
    requestKey,
    type: kind === "openCard" ? ORDER_TYPE.openCard : ORDER_TYPE.recharge,
    status: ORDER_STATUS.processing,
    binId,
    cardId,
    amountMinor: amount,
    feeMinor,
    failReason: "",
    createAt: new Date(),
    finishAt: null,
    mark: typeof body.mark === "string" ? body.mark : "",
  };
  state.orders.push(order);
  ctx.scheduler.after(ctx.config.orderDelayMs, () => completeOrder(ctx, order));
  return { order };
}

export function completeOrder(ctx: SandboxContext, order: CoOrder): void {
  if (order.status !== ORDER_STATUS.processing) return;
  const state = ctx.cardopenapi;
  const mark = order.mark ?? "";
  const total = order.amountMinor + order.feeMinor;
  state.wallet.frozenMinor -= total;
  order.finishAt = new Date();
  if (order.type === ORDER_TYPE.openCard) {
    const card = newCard(ctx.rng, ctx.cardNumbers, order.binId, {
      cardId: ctx.rng.hex(32),
      balance: order.amountMinor,
      limit: order.amountMinor,
      status: CARD_STATUS.active,
      useAt: order.finishAt.toISOString(),
      closed: false,
      mark,
    });
    state.cards.push(card);
    order.cardId = card.cardId;
  } else {
    const card = state.cards.find((c) => c.cardId === order.cardId);
    if (!card || card.status === CARD_STATUS.cancelled || card.status === CARD_STATUS.cancelling) {
      order.status = ORDER_STATUS.failed;
      order.failReason = "card cancelled";
      state.wallet.balanceMinor += total;
      return;
    }
    card.balanceMinor += order.amountMinor;
    card.limitMinor += order.amountMinor;
  }
  order.status = ORDER_STATUS.success;
}
