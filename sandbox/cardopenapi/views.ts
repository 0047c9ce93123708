import type { SandboxTxn } from "../ledger";
import { maskCardNumber } from "../lib/luhn";
import { currencyExponent, toMajor } from "../lib/money";
import { plainDateTime } from "../lib/time";
import { CARDOPENAPI_APP_ID, type CardopenapiState, type CoCard, type CoOrder } from "./state";
import { TRADE_STATUS, TRADE_TYPE } from "./inferred-endpoints";

/** The card object exactly as card/cardList documents it: full card_no, cvv and pin included. */
export function cardObject(card: CoCard) {
  return {
    app_id: CARDOPENAPI_APP_ID,
    card_id: card.cardId,
    bin_id: card.binId,
    holder_id: card.holderId,
    card_no: card.cardNo,
    balance: toMajor(card.balanceMinor),
    limit: toMajor(card.limitMinor),
    expiry: card.expiry,
    cvv: card.cvv,
    pin: card.pin,
    status: card.status,
    use_at: plainDateTime(card.useAt),
    close_at: plainDateTime(card.closeAt),
    end_at: plainDateTime(card.endAt),
    mark: card.mark,
  };
}

export function orderObject(order: CoOrder) {
  return {
    order_id: order.orderId,
    order_no: order.orderNo,
    type: order.type,
    status: order.status,
    bin_id: order.binId,
    card_id: order.cardId,
    amount: toMajor(order.amountMinor),
    fee: toMajor(order.feeMinor),
    total_amount: toMajor(order.amountMinor + order.feeMinor),
    fail_reason: order.failReason,
    create_at: plainDateTime(order.createAt),
    finish_at: plainDateTime(order.finishAt),
  };
}

const STATUS_OF: Record<SandboxTxn["status"], number> = {
  pending: TRADE_STATUS.processing,
  settled: TRADE_STATUS.success,
  declined: TRADE_STATUS.failed,
  reversed: TRADE_STATUS.reversed,
  expired: TRADE_STATUS.expired,
};

export function tradeObject(state: CardopenapiState, txn: SandboxTxn) {
  const card = state.cards.find((c) => c.cardId === txn.cardId);
  return {
    trade_id: txn.id,
    card_id: txn.cardId,
    card_no: card ? maskCardNumber(card.cardNo) : "",
    trade_type: txn.kind === "refund" ? TRADE_TYPE.refund : TRADE_TYPE.consume,
    trade_status: STATUS_OF[txn.status],
    amount: toMajor(txn.settledAmountMinor ?? txn.amountMinor),
    currency: txn.currency,
    trade_amount: toMajor(txn.originalAmountMinor, currencyExponent(txn.originalCurrency)),
    trade_currency: txn.originalCurrency,
    merchant_name: txn.merchant.name,
    merchant_country: txn.merchant.country,
    auth_code: txn.authCode,
    fail_reason: txn.declineReason ?? "",
    related_trade_id: txn.refundOf ?? "",
    trade_at: plainDateTime(txn.authAt),
    settle_at: plainDateTime(txn.settledAt),
  };
}
