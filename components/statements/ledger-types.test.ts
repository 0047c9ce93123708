import { describe, expect, it } from "vitest";
import { statementTypesOfLedger } from "./ledger-types";

// cardepass-v1.md, accounts/accountLogs: "accountTransType | 交易类型 | AccountTopUp 账户转入资金, … CardOverdrawReversal
// 标准卡透支冲正" (26 types, the funding account's); accounts/cardAccountLogs names "cardAccountLogType | 卡账户交易明细类型"
// without a list, and its examples are "CardCancel", "BalanceRefund", "CardTopUp" and "ApplyCard" (the card's own).
const CARD_LEDGER = ["CardTopUp", "ApplyCard", "CardCancel", "BalanceRefund"];

describe("the Type filter of a statement (UI review 47 L5)", () => {
  it("offers a Cardepass card's own ledger the types that ledger lists", () => {
    expect(statementTypesOfLedger("cardepass", "card")).toEqual(CARD_LEDGER);
  });

  it("offers the funding account's lines the funding account's types: a top-up of a card is on both, an issue or a cancel only on the card's", () => {
    const account = statementTypesOfLedger("cardepass", "account");
    expect(account).toHaveLength(26);
    expect(account).toEqual(expect.arrayContaining(["AccountTopUp", "AuthBlock", "Consume", "CardTopUp", "CardWithdraw", "CardOverdrawReversal"]));
    expect(account.filter((type) => ["ApplyCard", "CardCancel", "BalanceRefund"].includes(type))).toEqual([]);
  });

  it("offers both ledgers together every type, and a provider with one ledger its types whichever is asked", () => {
    expect(statementTypesOfLedger("cardepass", undefined)).toHaveLength(29);
    expect(statementTypesOfLedger("nobepay", "card")).toEqual(["CREATE_CARD", "TOPUP_CARD", "WITHDRAW_CARD", "CANCEL_CARD"]);
    expect(statementTypesOfLedger("nobepay", undefined)).toEqual(statementTypesOfLedger("nobepay", "card"));
    expect(statementTypesOfLedger("cardopenapi", "account")).toEqual([]);
  });
});
