/**
 * Plain words for the providers' statement line types; the provider's own name is always shown beside them.
 * Cardepass accountTransType and cardAccountLogType (cardepass-v1.md, accounts/accountLogs and cardAccountLogs),
 * NobePay card/order/list types.
 */
const TYPE_LABELS: Record<string, string> = {
  AccountTopUp: "Funds into the account",
  AccountWithdraw: "Funds out of the account",
  AuthBlock: "Authorisation hold",
  AuthUnBlock: "Authorisation hold released",
  AuthReversal: "Authorisation cancelled",
  Consume: "Purchase",
  ConsumeRefund: "Purchase refund",
  OpenCardFee: "Card issuing fee",
  TransFee: "Transaction fee",
  CancelCardFee: "Card cancellation fee",
  Rebate: "Rebate",
  ReversalRefund: "Reversal returned",
  ReversalDeduct: "Reversal deducted",
  ConsumeSettlementDiffDeduct: "Settlement difference deducted",
  ConsumeSettlementDiffRefund: "Settlement difference returned",
  AccountTopUpFee: "Account deposit fee",
  AccountWithdrawFee: "Account withdrawal fee",
  CardTopUp: "Card top-up",
  TopUpFee: "Card top-up fee",
  CardWithdraw: "Card withdrawal",
  CancelCardSettleDeduct: "Cancellation settlement deducted",
  CancelCardSettleRefund: "Cancellation settlement returned",
  AccountAdjustIncrease: "Account adjusted up",
  AccountAdjustDeduct: "Account adjusted down",
  CardOverdrawDeduct: "Standard card overdraft deducted",
  CardOverdrawReversal: "Standard card overdraft reversed",
  ApplyCard: "Card issued",
  CardCancel: "Card cancelled",
  BalanceRefund: "Balance returned",
  CREATE_CARD: "Card issued with deposit",
  TOPUP_CARD: "Card top-up",
  WITHDRAW_CARD: "Card withdrawal",
  CANCEL_CARD: "Card cancelled",
};

const CARDEPASS_TYPES = Object.keys(TYPE_LABELS).filter((type) => !/^[A-Z_]+$/.test(type));
const NOBEPAY_TYPES = Object.keys(TYPE_LABELS).filter((type) => /^[A-Z_]+$/.test(type));

/** The types a provider documents, for the type filter (read from the documents, not by scanning the lines). */
export function statementTypesOf(provider: "cardepass" | "nobepay" | "cardopenapi"): string[] {
  switch (provider) {
    case "cardepass":
      return CARDEPASS_TYPES;
    case "nobepay":
      return NOBEPAY_TYPES;
    case "cardopenapi":
      return [];
  }
}

export function statementTypeLabel(type: string): string {
  return TYPE_LABELS[type] ?? type;
}

/** Fee item types (feeItems[].feeType) that are no line type of their own (cardepass-v1.md cardAccountLogs: "CardWithdrawFee"). */
const FEE_ONLY_LABELS: Record<string, string> = { CardWithdrawFee: "Card withdrawal fee" };

/** Plain words for a fee item's type, the provider's own name when there are none. */
export function feeTypeLabel(type: string): string {
  return FEE_ONLY_LABELS[type] ?? statementTypeLabel(type);
}

/** Whose balance a line moves: its amount is signed for that balance (a card deposit is positive on the card's line). */
export const SOURCE_LABELS = { account: "Funding account", card: "Card balance" } as const;
