import type { CardModel, ProviderName } from "@/lib/providers/types";

/**
 * MONEY: whether the provider's documents say that cancelling a card of this model returns its balance to the
 * funding account. Only Cardepass Standard: cardepass-v1.md orders/standard/cancel answers "fee | 销卡手续费" and
 * "settleAmount | 结算金额", credited as accountLogs "CancelCardSettleRefund 销卡结算-退回".
 * - Cardepass ShareBalance cards hold no balance of their own: nothing is returned.
 * - NobePay (nobepay.md 删除卡片, /card/cancel) answers only `data: true`; the card's history records the balance left
 *   ("CANCEL_CARD: 删卡", "desp": "Cancel Card，remain balance: $11.00") without saying where it goes.
 * - Card OPEN-API (cardopenapi.md) names 发起销卡 (start a cancellation) in its contents and specifies nothing about it.
 * Nothing Cardhub says (a dialog, advice to a cardholder) may promise more than this.
 */
export function cancelReturnsBalance(provider: ProviderName | undefined, model: CardModel): boolean {
  return provider === "cardepass" && model === "standard";
}
