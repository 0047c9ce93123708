import type { SandboxContext } from "../context";
import { generateCardNumber } from "../lib/luhn";
import { parseMajor } from "../lib/money";
import { yyyymmdd } from "../lib/time";
import { badRequest, cardStatusInvalid, ERRORS, type BusinessError } from "./envelope";
import { moveFunding } from "./spend";
import { FEES, findCard, type CardAccountLog, type CardModel, type CdpCard, type CdpOrder, type FeeItem, type OrderType } from "./state";

export type OrderAction = "apply" | "creditLimit" | "topup" | "block" | "unblock" | "cancel" | "withdraw";

export const ACTIONS: Record<CardModel, OrderAction[]> = {
  ShareBalance: ["apply", "creditLimit", "block", "unblock", "cancel"],
  Standard: ["apply", "topup", "block", "unblock", "cancel", "withdraw"],
};

const ORDER_TYPE: Record<OrderAction, OrderType> = {
  apply: "ApplyCard",
  creditLimit: "CreditLimit",
  topup: "CardTopUp",
  block: "CardBlock",
  unblock: "CardUnBlock",
  cancel: "CardCancel",
  withdraw: "CardWithdraw",
};

/** customerOrderNo starting with this prefix makes the order end in Failure (for testing failure paths). */
export const FORCED_FAILURE_PREFIX = "SANDBOX-FAIL";

type Body = Record<string, unknown>;

function optionalLimit(value: unknown, field: string): number | null | BusinessError {
  if (value === undefined || value === null || value === "") return null;
  const minor = parseMajor(value);
  return minor === null ? badRequest(field, "must be a decimal amount") : minor;
}

function requiredAmount(value: unknown, field: string): number | BusinessError {
  const minor = parseMajor(value);
  if (minor === null) return badRequest(field, "must be a decimal amount");
  if (minor <= 0) return badRequest(field, "must be greater than 0");
  return minor;
}

function isError(value: unknown): value is BusinessError {
  return typeof value === "object" && value !== null && "errorCode" in value;
}

function newOrder(ctx: SandboxContext, model: CardModel, action: OrderAction, body: Body, requestKey: string): CdpOrder {
  const now = new Date();
  const orderNo = action === "creditLimit" ? ctx.rng.hex(24) : `C1000-${yyyymmdd(now)}-${ctx.rng.alnumUpper(4)}`;
  return {
    orderNo,
    model,
    orderType: ORDER_TYPE[action],
    customerOrderNo: typeof body.customerOrderNo === "string" && body.customerOrderNo !== "" ? body.customerOrderNo : null,
    requestKey,
    status: "pending",
    createdOn: now,
    modifiedOn: now,
    paidOn: null,
    completedOn: null,
    failureReason: null,
    cardId: typeof body.cardId === "string" ? body.cardId : null,
    productCode: typeof body.productCode === "string" ? body.productCode : null,
    alias: typeof body.cardAlias === "string" ? body.cardAlias : "",
    maxAuthMinor: null,
    maxCreditMinor: null,
    topUpMinor: 0,
    withdrawMinor: 0,
    settleMinor: null,
    feeItems: [],
    reservedMinor: 0,
    settleStatus: "Pending",
  };
}

function cardFor(ctx: SandboxContext, model: CardModel, body: Body): CdpCard | BusinessError {
  if (typeof body.cardId !== "string" || !body.cardId) return badRequest("cardId", "is required");
  const card = findCard(ctx.cardepass, body.cardId);
  if (!card || card.cardModel !== model) return ERRORS.cardNotFound;
  return card;
}

/** Validates and creates an order (funds reserved immediately); completion is scheduled separately. */
export function createOrder(ctx: SandboxContext, model: CardModel, action: OrderAction, body: Body, requestKey: string): CdpOrder | BusinessError {
  const state = ctx.cardepass;
  const order = newOrder(ctx, model, action, body, requestKey);
  const total = (items: FeeItem[], principal: number) => principal + items.reduce((s, f) => s + f.amountMinor, 0);

  const v2 = ctx.config.cardepassVersion === "v2";
  if (action === "apply") {
    // v1 orders/standard/apply marks both required: "| » cardAlias | body | string | 是 |", "| » customerOrderNo | body | string | 是 |".
    if (!v2 && model === "Standard") {
      for (const field of ["cardAlias", "customerOrderNo"] as const) {
        if (typeof body[field] !== "string" || body[field] === "") return badRequest(field, "is required");
      }
    }
    const product = state.products.find((p) => p.productCode === body.productCode);
    if (!product || !product.cardModels.includes(model)) return ERRORS.product;
    if (typeof body.cardCurrency !== "string" || !product.cardCurrency.includes(body.cardCurrency)) return ERRORS.product;
    if (model === "ShareBalance") {
      const maxAuth = requiredAmount(body.maxAuthAmount, "maxAuthAmount");
      if (isError(maxAuth)) return maxAuth;
      const maxCredit = optionalLimit(body.maxCreditAmount, "maxCreditAmount");
      if (isError(maxCredit)) return maxCredit;
      if (v2 && maxCredit !== null && maxAuth > maxCredit) return ERRORS.limitExceeded;
      order.maxAuthMinor = maxAuth;
      order.maxCreditMinor = maxCredit;
      order.feeItems = [{ feeType: "OpenCardFee", amountMinor: FEES.openCard }];
    } else {
      // cardepass-v2.md "POST 标准模式开卡申请" lists no amount field (example body {"productCode": "STD001",
      // "cardCurrency": "USD", "maxAuthAmount": "100"}): a v2 card is issued empty and funded by topup. A topUpAmount
      // sent anyway is "| 400 | 400 | 请求参数错误 | 检查请求参数格式和内容 |", never money on the card.
      if (v2 && body.topUpAmount !== undefined) return badRequest("topUpAmount", "is not a parameter of the v2 Standard apply; fund the card with /v1/orders/standard/topup");
      const topUp = v2 ? 0 : parseMajor(body.topUpAmount);
      if (topUp === null) return badRequest("topUpAmount", "must be a decimal amount");
      order.topUpMinor = topUp;
      // Both v2 Standard apply bodies carry '"maxAuthAmount": "100"' / '"200"', and the v2 card detail defines
      // "| maxAuthAmount | number | 单笔限额 | 单次交易最大金额 |" for any model: kept (optional, as the table lists no
      // field). v1's apply takes none (its detail: "仅在共享模式下可用"), so v1 ignores it as before.
      if (v2) {
        const maxAuth = optionalLimit(body.maxAuthAmount, "maxAuthAmount");
        if (isError(maxAuth)) return maxAuth;
        order.maxAuthMinor = maxAuth;
      }
      order.feeItems = [{ feeType: "OpenCardFee", amountMinor: FEES.openCard }];
      if (topUp > 0) order.feeItems.push({ feeType: "TopUpFee", amountMinor: FEES.topUp });
    }
    const cost = total(order.feeItems, order.topUpMinor);
    if (state.funding.availableMinor < cost) return ERRORS.applyNotEnough;
    reserve(ctx, order, cost);
    return order;
  }

  const card = cardFor(ctx, model, body);
  if (isError(card)) return card;
  order.productCode = card.productCode;
  const open = card.status === "active" || card.status === "blocked";
  // v2 "ORDER_STATUS_INVALID 订单状态不支持操作": the card's previous order is still Pending.
  if (v2 && state.orders.some((o) => o.cardId === card.cardId && o.status === "pending")) return ERRORS.orderStatusInvalid;

  switch (action) {
    case "creditLimit": {
      if (!open) return cardStatusInvalid(card.status);
      const maxAuth = requiredAmount(body.maxAuthAmount, "maxAuthAmount");
      if (isError(maxAuth)) return maxAuth;
      const maxCredit = optionalLimit(body.maxCreditAmount, "maxCreditAmount");
      if (isError(maxCredit)) return maxCredit;
      // v2 "LIMIT_EXCEEDED 超出限额 | 调整交易金额或提升限额": a cap below the per-transaction limit or below what was spent.
      if (v2 && maxCredit !== null && (maxAuth > maxCredit || maxCredit < card.usedCreditMinor)) return ERRORS.limitExceeded;
      order.maxAuthMinor = maxAuth;
      order.maxCreditMinor = maxCredit;
      return order;
    }
    case "topup": {
      if (!open) return cardStatusInvalid(card.status);
      // cardepass-v1.md orders/standard/topup: "| » topUpAmount | body | string | 是 |"; cardepass-v2.md 标准模式卡充值:
      // "| amount | body | number | 是 | 充值金额 |". Each version refuses the other's field (as v2's apply refuses
      // topUpAmount), so an adapter sending the wrong document's shape is caught here instead of funding the card.
      const field = v2 ? "amount" : "topUpAmount";
      const other = v2 ? "topUpAmount" : "amount";
      if (body[other] !== undefined) return badRequest(other, `is not a parameter of the ${v2 ? "v2" : "v1"} Standard topup; send ${field}`);
      if (v2 && typeof body.amount !== "number") return badRequest("amount", "must be a number");
      const amount = requiredAmount(body[field], field);
      if (isError(amount)) return amount;
      order.topUpMinor = amount;
      order.feeItems = [{ feeType: "TopUpFee", amountMinor: FEES.topUp }];
      const cost = total(order.feeItems, amount);
      if (state.funding.availableMinor < cost) return ERRORS.insufficient;
      reserve(ctx, order, cost);
      return order;
    }
    case "withdraw": {
      if (!open) return cardStatusInvalid(card.status);
      const amount = requiredAmount(body.withdrawAmount, "withdrawAmount");
      if (isError(amount)) return amount;
      order.withdrawMinor = amount;
      order.feeItems = [{ feeType: "CardWithdrawFee", amountMinor: FEES.withdraw }];
      const cost = total(order.feeItems, amount);
      if (card.balanceMinor < cost) return ERRORS.insufficient;
      card.balanceMinor -= cost;
      order.reservedMinor = cost;
      addCardLog(ctx, order, card, "BalanceRefund", "Income", amount, cost, true);
      return order;
    }
    case "block":
      if (card.status !== "active") return cardStatusInvalid(card.status);
      return order;
    case "unblock":
      if (card.status !== "blocked") return cardStatusInvalid(card.status);
      return order;
    case "cancel":
      if (!open) return cardStatusInvalid(card.status);
      if (model === "Standard") order.feeItems = [{ feeType: "CancelCardFee", amountMinor: FEES.cancelStandard }];
      return order;
  }
  return badRequest("action", "unsupported");
}

/** What an order holds in the blocked balance while pending: its principal (CardTopUp) and each fee, by type. */
function reservationParts(order: CdpOrder): { type: string; amountMinor: number }[] {
  const parts = order.topUpMinor > 0 ? [{ type: "CardTopUp", amountMinor: order.topUpMinor }] : [];
  return [...parts, ...order.feeItems.map((f) => ({ type: f.feeType, amountMinor: f.amountMinor }))];
}

/**
 * Funds move from available to blocked at once (one AuthBlock line per part, so every line's blocked balance is the
 * previous one plus its movement) and are charged when the order completes.
 */
function reserve(ctx: SandboxContext, order: CdpOrder, cost: number): void {
  order.reservedMinor = cost;
  for (const part of reservationParts(order)) {
    moveFunding(ctx.cardepass, ctx.rng, { type: "AuthBlock", availableDelta: -part.amountMinor, blockedDelta: part.amountMinor, orderNo: order.orderNo, cardId: order.cardId, note: part.type, at: order.createdOn });
  }
  if (order.model === "Standard" && order.cardId) {
    const card = findCard(ctx.cardepass, order.cardId);
    if (card) addCardLog(ctx, order, card, "CardTopUp", "Expenditure", order.topUpMinor, cost, false);
  }
}

function addCardLog(
  ctx: SandboxContext,
  order: CdpOrder,
  card: CdpCard,
  type: "ApplyCard" | "CardTopUp" | "BalanceRefund" | "CardCancel",
  direction: "Income" | "Expenditure",
  trans: number,
  totalAmount: number,
  fromCard: boolean,
): void {
  ctx.cardepass.cardAccountLogs.push({
    accountLogId: ctx.rng.hex(24),
    cardOrderNo: order.orderNo,
    cardAccountLogType: type,
    cardId: card.cardId,
    fundsDirection: direction,
    transMinor: trans,
    feeItems: order.feeItems,
    totalMinor: totalAmount,
    status: "Pending",
    failureReason: null,
    transTime: order.createdOn,
    completedTime: null,
    fromCard,
  });
}

function finishCardLog(ctx: SandboxContext, order: CdpOrder, failed: boolean, except?: CardAccountLog["cardAccountLogType"]): void {
  for (const log of ctx.cardepass.cardAccountLogs.filter((l) => l.cardOrderNo === order.orderNo && l.cardAccountLogType !== except)) {
    log.status = failed ? "Failure" : "Completed";
    log.failureReason = failed ? order.failureReason : "";
    log.completedTime = order.completedOn;
  }
}

/** Applies the order's effect (or its failure) once the configured delay has passed. */
export function completeOrder(ctx: SandboxContext, order: CdpOrder): void {
  if (order.status !== "pending") return;
  const state = ctx.cardepass;
  const now = new Date();
  order.modifiedOn = now;
  order.completedOn = now;
  order.paidOn = order.reservedMinor > 0 ? new Date(order.createdOn.getTime() + 117) : null;
  const card = order.cardId ? findCard(state, order.cardId) : undefined;

  let failure: string | null = null;
  if (order.customerOrderNo?.startsWith(FORCED_FAILURE_PREFIX)) failure = "Sandbox forced failure";
  else if (order.orderType !== "ApplyCard" && (!card || card.status === "cancelled")) failure = "Card is cancelled";
  if (failure) {
    failOrder(ctx, order, failure);
    return;
  }

  order.status = "completed";
  if (order.orderType !== "CardWithdraw" && order.reservedMinor > 0) {
    // Unblock each reserved part and charge it under its own type (CardTopUp, OpenCardFee, TopUpFee).
    for (const part of reservationParts(order)) {
      moveFunding(state, ctx.rng, { type: "AuthUnBlock", availableDelta: part.amountMinor, blockedDelta: -part.amountMinor, orderNo: order.orderNo, cardId: order.cardId, note: part.type, at: now });
      moveFunding(state, ctx.rng, { type: part.type, availableDelta: -part.amountMinor, orderNo: order.orderNo, cardId: order.cardId, at: now });
    }
  }
  switch (order.orderType) {
    case "ApplyCard": {
      const product = state.products.find((p) => p.productCode === order.productCode);
      if (!product) break;
      const created: CdpCard = {
        cardId: ctx.rng.hex(24),
        cardModel: order.model,
        productCode: product.productCode,
        cardNumber: generateCardNumber(ctx.rng, product.bin, 16, ctx.cardNumbers),
        cvv: ctx.rng.digits(3),
        expMonth: now.getUTCMonth() + 1,
        expYear: now.getUTCFullYear() + 3,
        currency: "USD",
        alias: order.alias,
        balanceMinor: order.topUpMinor,
        status: "active",
        maxAuthMinor: order.maxAuthMinor,
        maxCreditMinor: order.maxCreditMinor,
        usedCreditMinor: 0,
        applyTime: now,
      };
      state.cards.push(created);
      order.cardId = created.cardId;
      if (order.model === "Standard") addCardLog(ctx, order, created, "ApplyCard", "Expenditure", order.topUpMinor, order.reservedMinor, false);
      break;
    }
    case "CreditLimit":
      if (card) {
        card.maxAuthMinor = order.maxAuthMinor;
        card.maxCreditMinor = order.maxCreditMinor;
      }
      break;
    case "CardTopUp":
      if (card) card.balanceMinor += order.topUpMinor;
      break;
    case "CardBlock":
      if (card?.status === "active") card.status = "blocked";
      break;
    case "CardUnBlock":
      if (card?.status === "blocked") card.status = "active";
      break;
    case "CardWithdraw":
      moveFunding(state, ctx.rng, { type: "CardWithdraw", availableDelta: order.withdrawMinor, orderNo: order.orderNo, cardId: order.cardId, at: now });
      break;
    case "CardCancel":
      if (!card) break;
      if (card.cardModel === "Standard") {
        const fee = FEES.cancelStandard;
        const settle = Math.max(0, card.balanceMinor - fee);
        // The document's CardCancel line keeps its signs: "transAmount": -3.9, "totalAmount": -3.8, "Income".
        addCardLog(ctx, order, card, "CardCancel", "Income", -card.balanceMinor, -settle, false);
        order.settleMinor = settle;
        card.balanceMinor = 0;
        // settleStatus "Pending 处理中，WaitTransfer 等待划拨，Completed 已完成": the balance moves later.
        order.settleStatus = "WaitTransfer";
        card.status = "cancelled";
        finishCardLog(ctx, order, false, "CardCancel");
        ctx.scheduler.after(ctx.config.orderDelayMs, () => settleCancel(ctx, order));
        return;
      }
      // The ShareBalance cancel gives settleStatus no values ("| »» settleStatus | string | true | 结算状态 | none |") and
      // its only example reads "settleStatus": "Pending": no balance is transferred back, so it is left as it was.
      card.status = "cancelled";
      break;
  }
  finishCardLog(ctx, order, false);
}

/** Second step of a Standard cancel: the remaining balance reaches the funding account (WaitTransfer → Completed). */
export function settleCancel(ctx: SandboxContext, order: CdpOrder): void {
  if (order.settleStatus !== "WaitTransfer") return;
  const now = new Date();
  const settle = order.settleMinor ?? 0;
  if (settle > 0) moveFunding(ctx.cardepass, ctx.rng, { type: "CancelCardSettleRefund", availableDelta: settle, orderNo: order.orderNo, cardId: order.cardId, at: now });
  order.settleStatus = "Completed";
  for (const log of ctx.cardepass.cardAccountLogs.filter((l) => l.cardOrderNo === order.orderNo && l.status === "Pending")) {
    log.status = "Completed";
    log.failureReason = "";
    log.completedTime = now;
  }
}

function failOrder(ctx: SandboxContext, order: CdpOrder, reason: string): void {
  const state = ctx.cardepass;
  order.status = "failed";
  order.failureReason = reason;
  if (order.orderType === "CardWithdraw") {
    const card = order.cardId ? findCard(state, order.cardId) : undefined;
    if (card) card.balanceMinor += order.reservedMinor;
  } else if (order.reservedMinor > 0) {
    for (const part of reservationParts(order)) {
      moveFunding(state, ctx.rng, { type: "AuthUnBlock", availableDelta: part.amountMinor, blockedDelta: -part.amountMinor, orderNo: order.orderNo, cardId: order.cardId, note: reason });
    }
  }
  finishCardLog(ctx, order, true);
}
