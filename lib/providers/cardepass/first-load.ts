// In a file of its own (no adapter code): the issue form reads it in the browser.
import type { ProviderAccountSettings, ProviderName } from "@/lib/providers/types";
import { cardepassDocumentVersion } from "@/lib/providers/cardepass/document-version";

export const NO_FIRST_LOAD_ON_V2 = "This provider's v2 API issues the card empty; top it up once it is active.";

/**
 * MONEY: whether a Standard card of this account is issued empty. cardepass-v2.md "POST 标准模式开卡申请" lists no amount
 * field (its example body is {"productCode": "STD001", "cardCurrency": "USD", "maxAuthAmount": "100"}); the only way it
 * puts money on a Standard card is "POST 标准模式卡充值" once the card exists (its 场景2 "标准模式开卡并充值"). A first load
 * sent on apply would be refused, or dropped while Cardhub counted it. cardepass-v1.md's apply takes "topUpAmount".
 */
export function issuesStandardCardsEmpty(account: { provider: ProviderName; settings?: ProviderAccountSettings | null }): boolean {
  return account.provider === "cardepass" && cardepassDocumentVersion({ settings: account.settings ?? undefined }) === "v2";
}
