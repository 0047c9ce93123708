import type { SandboxContext } from "../context";
import { maskCardNumber } from "../lib/luhn";
import { toMajor } from "../lib/money";
import { isoPlus8, isoZ } from "../lib/time";
import { findCard, type CardepassState, type CdpCard, type CdpOrder } from "./state";

type Version = "v1" | "v2";

export function orderStatusText(order: CdpOrder, version: Version): string {
  if (order.status === "pending") return "Pending";
  if (order.status === "completed") return "Completed";
  return version === "v2" ? "Failed" : "Failure";
}

export function cardInfo(state: CardepassState, card: CdpCard) {
  const product = state.products.find((p) => p.productCode === card.productCode);
  return {
    cardId: card.cardId,
    productCode: card.productCode,
    productName: product?.productName ?? "",
    cardCurrency: card.currency,
    maskCardNumber: maskCardNumber(card.cardNumber),
    cardModel: card.cardModel,
  };
}

function productInfo(state: CardepassState, order: CdpOrder) {
  const product = state.products.find((p) => p.productCode === order.productCode);
  return {
    productCode: order.productCode ?? "",
    productName: product?.productName ?? "",
    cardModel: order.model,
    cardCurrency: "USD",
  };
}

const fees = (order: CdpOrder) => order.feeItems.reduce((s, f) => s + f.amountMinor, 0);
const feeItems = (order: CdpOrder) => order.feeItems.map((f) => ({ feeType: f.feeType, amount: toMajor(f.amountMinor), currency: "USD" }));
const nullableMajor = (minor: number | null) => (minor === null ? null : toMajor(minor));
const completedOn = (order: CdpOrder) => (order.completedOn ? isoZ(order.completedOn) : null);
// The documents show modifiedOn in +08:00 while an order is fresh and in Z once it has completed.
const modifiedOn = (order: CdpOrder) => (order.status === "pending" ? isoPlus8(order.modifiedOn) : isoZ(order.modifiedOn));

/** Serialises an order in the shape its endpoint documents (cardepass-v1.md; v2 where it differs). */
export function orderView(ctx: SandboxContext, order: CdpOrder): Record<string, unknown> {
  const state = ctx.cardepass;
  const version = ctx.config.cardepassVersion;
  const status = orderStatusText(order, version);
  const card = order.cardId ? findCard(state, order.cardId) : undefined;
  const info = card ? cardInfo(state, card) : null;

  switch (order.orderType) {
    case "ApplyCard":
      if (order.model === "ShareBalance") {
        if (version === "v2") {
          return {
            orderNo: order.orderNo,
            productInfo: productInfo(state, order),
            quantity: 1,
            maxAuthAmount: nullableMajor(order.maxAuthMinor),
            maxCreditAmount: nullableMajor(order.maxCreditMinor),
            totalAmount: toMajor(fees(order)),
            transFee: toMajor(fees(order)),
            openedQty: info ? 1 : 0,
            status,
            orderType: "ApplyCard",
            createdOn: isoZ(order.createdOn),
            customerOrderNo: order.customerOrderNo,
            ...(card ? { cardInfos: [{ cardId: card.cardId, cardAlias: card.alias, balance: 0 }] } : {}),
          };
        }
        return {
          orderNo: order.orderNo,
          productInfo: productInfo(state, order),
          quantity: 1,
          maxAuthAmount: nullableMajor(order.maxAuthMinor),
          maxCreditAmount: nullableMajor(order.maxCreditMinor),
          totalAmount: toMajor(fees(order)),
          transAmount: 0,
          transFee: toMajor(fees(order)),
          openedQty: info ? 1 : 0,
          cardInfos: info ? [info] : [],
          note: order.failureReason ?? "",
          status,
          orderType: "ApplyCard",
          createdOn: isoZ(order.createdOn),
          modifiedOn: modifiedOn(order),
          completedOn: completedOn(order),
          customerOrderNo: order.customerOrderNo,
        };
      }
      return {
        orderNo: order.orderNo,
        productInfo: productInfo(state, order),
        totalTopUpAmount: toMajor(order.topUpMinor),
        totalFee: toMajor(fees(order)),
        totalPayAmount: toMajor(order.topUpMinor + fees(order)),
        totalCardCount: 1,
        totalOpened: info ? 1 : 0,
        orderLines: [{ orderLineNo: 1, topUpAmount: toMajor(order.topUpMinor), quantity: 1, feeItems: feeItems(order) }],
        cardInfos: info ? [info] : [],
        status,
        payMessage: order.paidOn ? "扣款成功" : order.failureReason,
        orderType: "ApplyCard",
        createdOn: isoZ(order.createdOn),
        modifiedOn: modifiedOn(order),
        paidOn: order.paidOn ? isoZ(order.paidOn) : null,
        completedOn: completedOn(order),
        customerOrderNo: order.customerOrderNo,
      };
    case "CreditLimit":
      return {
        orderNo: order.orderNo,
        cardId: order.cardId,
        maxAuthAmount: nullableMajor(order.maxAuthMinor),
        maxCreditAmount: nullableMajor(order.maxCreditMinor),
        status,
        orderType: "CreditLimit",
        failureReason: order.failureReason,
        createdOn: isoZ(order.createdOn),
        completedOn: completedOn(order),
        customerOrderNo: order.customerOrderNo,
      };
    case "CardTopUp":
      return {
        orderNo: order.orderNo,
        productInfo: productInfo(state, order),
        totalTopUpAmount: toMajor(order.topUpMinor),
        totalFee: toMajor(fees(order)),
        totalPayAmount: toMajor(order.topUpMinor + fees(order)),
        totalCardCount: 1,
        totalCompletedCardCount: order.status === "completed" ? 1 : 0,
        orderLines: [
          {
            orderLineNo: 1,
            cardInfo: info,
            topUpAmount: toMajor(order.topUpMinor),
            feeItems: feeItems(order),
            isCompleted: order.status === "completed",
            completedOn: order.status === "completed" ? completedOn(order) : null,
          },
        ],
        status,
        payMessage: order.paidOn ? "扣款成功" : order.failureReason,
        orderType: "CardTopUp",
        createdOn: isoZ(order.createdOn),
        modifiedOn: modifiedOn(order),
        paidOn: order.paidOn ? isoZ(order.paidOn) : null,
        completedOn: completedOn(order),
        customerOrderNo: order.customerOrderNo,
      };
    case "CardBlock":
    case "CardUnBlock":
      return {
        orderNo: order.orderNo,
        cardInfo: info,
        note: "",
        ...(order.orderType === "CardBlock" ? { isBlocked: order.status === "completed" } : {}),
        status,
        failureReason: order.failureReason,
        orderType: order.orderType === "CardBlock" ? "CardBlock" : "CardUnblock",
        createdOn: isoZ(order.createdOn),
        modifiedOn: isoZ(order.modifiedOn),
        completedOn: completedOn(order),
        customerOrderNo: order.customerOrderNo,
      };
    case "CardCancel": {
      const fee = fees(order);
      const base = {
        orderNo: order.orderNo,
        cardInfo: info,
        fee: order.status === "completed" ? toMajor(fee) : null,
        chargeMethodType: "FixedValue",
        // The ShareBalance example answers "fixedValue": 0, the Standard example "fixedValue": null.
        fixedValue: order.model === "Standard" ? null : toMajor(fee),
        percent: null,
      };
      if (order.model === "ShareBalance") {
        // The ShareBalance cancel example carries no customerOrderNo; kept literal.
        return {
          ...base,
          note: "",
          status,
          orderType: "CardCancel",
          settleStatus: order.settleStatus,
          failureReason: order.failureReason,
          createdOn: isoZ(order.createdOn),
          completedOn: completedOn(order),
        };
      }
      return {
        ...base,
        settleAmount: nullableMajor(order.settleMinor),
        note: "",
        status,
        settleStatus: order.settleStatus,
        orderType: "CardCancel",
        failureReason: order.failureReason,
        createdOn: isoZ(order.createdOn),
        completedOn: completedOn(order),
        customerOrderNo: order.customerOrderNo,
      };
    }
    case "CardWithdraw":
      // Kept literal, submit and lookup alike: the withdraw example answers "cardId": null, "withdrawAmount": 1,
      // "withdrawFee": 0, "totalAmount": 1.1 while its table defines "totalAmount … 总金额 | 转出金额+转出费用" and the same
      // order's card ledger line shows "CardWithdrawFee" 0.1: the fee is stated only in the total.
      return {
        orderNo: order.orderNo,
        cardId: null,
        withdrawAmount: toMajor(order.withdrawMinor),
        withdrawFee: 0,
        totalAmount: toMajor(order.withdrawMinor + fees(order)),
        status,
        orderType: "CardWithdraw",
        createdOn: isoZ(order.createdOn),
        modifiedOn: isoPlus8(order.modifiedOn),
        // The withdraw example carries completedOn even while Pending; kept literal.
        completedOn: isoPlus8(order.completedOn ?? order.modifiedOn),
        customerOrderNo: order.customerOrderNo,
      };
  }
}
