import type { ProviderName } from "@/db/schema/provider-accounts";
import type { StatementSource } from "@/db/schema/provider-statements";
import { statementTypesOf } from "./statement-labels";

/**
 * The types of a Cardepass card's own ledger. cardepass-v1.md accounts/cardAccountLogs names "cardAccountLogType |
 * 卡账户交易明细类型" without a list; its examples are "CardCancel", "BalanceRefund", "CardTopUp" and "ApplyCard".
 */
const CARDEPASS_CARD_LEDGER = new Set(["ApplyCard", "CardTopUp", "BalanceRefund", "CardCancel"]);
/**
 * Of those, the ones the funding account's ledger never lists: accounts/accountLogs' "accountTransType" list names
 * CardTopUp (卡转入资金) and none of these.
 */
const CARDEPASS_CARD_LEDGER_ONLY = new Set(["ApplyCard", "BalanceRefund", "CardCancel"]);

/**
 * The types the Type filter offers for the ledger a statement shows (`source`: undefined for both ledgers together).
 * Only Cardepass keeps two ledgers with types of their own; NobePay's history is one ledger per card.
 */
export function statementTypesOfLedger(provider: ProviderName, source: StatementSource | undefined): string[] {
  const documented = statementTypesOf(provider);
  if (provider !== "cardepass" || source === undefined) return documented;
  return source === "card" ? documented.filter((type) => CARDEPASS_CARD_LEDGER.has(type)) : documented.filter((type) => !CARDEPASS_CARD_LEDGER_ONLY.has(type));
}
