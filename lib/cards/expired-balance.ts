import { formatMoney } from "@/lib/format";
import type { CardModel, CardStatus, ProviderName } from "@/lib/providers/types";

/**
 * An expired card that still holds money. No provider document says a withdrawal (or a cancellation) is accepted on
 * an expired card, so availableCardActions offers neither (withdraw and cancel need a live card) and the server
 * refuses both. Instead the card page tells finance, in the provider's own terms, how to get the money back:
 *
 * - Cardepass (cardepass-v1.md): card status "Expired 已过期"; the withdrawal is "POST 【标准模式】卡余额转出
 *   /v1/orders/standard/withdraw" with only "转出金额必须大于0" as its rule, and nothing about the card's status.
 *   The money comes back to the funding account as accountLogs "CardWithdraw 卡转出资金" or "CancelCardSettleRefund
 *   销卡结算-退回". cardepass-v2.md has no Expired status and no withdrawal section at all.
 * - NobePay (nobepay.md): status "EXPIRED :已过期"; "卡片退款 /open/api/v1/rest/card/withdraw" takes cardId and amount
 *   and says nothing about the card's status; its card history records "WITHDRAW_CARD: 卡取款" and "CANCEL_CARD: 删卡".
 * - Card OPEN-API (cardopenapi.md): its card statuses ("1:未激活 2:已激活 3:已冻结 4:销卡中 5:已销卡 6:已挂失 7:已补卡")
 *   have no expired state and its contents name no withdrawal endpoint.
 */
export function expiredBalanceAdvice(card: { provider: ProviderName; cardModel: CardModel; status: CardStatus; balance: bigint | null; currency: string }): string | null {
  if (card.status !== "expired" || card.cardModel === "sharebalance" || card.balance === null || card.balance <= 0n) return null;
  const amount = formatMoney(card.balance, card.currency);
  switch (card.provider) {
    case "cardepass":
      return (
        `This card has expired with ${amount} still on it. Cardepass's documents do not say that a balance withdrawal (卡余额转出) ` +
        `or a cancellation (销卡) is accepted on an Expired card, so Cardhub offers neither. Ask Cardepass support to transfer the ` +
        `balance back to your Cardepass funding account; it then appears there as a CardWithdraw (卡转出资金) or ` +
        `CancelCardSettleRefund (销卡结算-退回) line.`
      );
    case "nobepay":
      return (
        `This card has expired (EXPIRED) with ${amount} still on it. NobePay's documents do not say that a card refund ` +
        `(卡片退款, card/withdraw) or deleting the card (删除卡片) works on an EXPIRED card, so Cardhub offers neither. Ask NobePay ` +
        `support to refund the balance; the card's history then shows it as WITHDRAW_CARD (取款) or CANCEL_CARD (删卡).`
      );
    case "cardopenapi":
      return (
        `This card has expired with ${amount} still on it. Card OPEN-API's documents name no withdrawal and no expired state, ` +
        `so Cardhub cannot move this money. Ask the provider to return the balance to your wallet.`
      );
  }
}
