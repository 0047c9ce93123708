import { describe, expect, it } from "vitest";
import { cancelBalanceOutcome } from "./cancel-balance";

describe("cancelBalanceOutcome", () => {
  it("never turns a last known balance into a provider figure", () => {
    // cardepass-v2.md documents no cancel order and no settleAmount ("OrderType … ApplyCard/CardTopUp/CardBlock/CardWithdraw"):
    // a v2 account's completed cancel states no amount, so Cardhub's last known balance is recorded, marked as such.
    expect(cancelBalanceOutcome({ provider: "cardepass", model: "standard", currency: "USD", reported: null, fee: null, lastKnown: 1230n })).toMatchObject({
      kind: "last_known",
      amount: "1230",
      text: "Balance at cancellation, as last known: $12.30. Cardepass did not state what it returned, so whether it reached your funding account is not confirmed.",
    });
    expect(cancelBalanceOutcome({ provider: "nobepay", model: "prepaid", currency: "USD", reported: null, fee: null, lastKnown: null })).toMatchObject({ kind: "unknown", amount: null });
  });

  it("refuses a figure in another currency rather than relabel it", () => {
    expect(cancelBalanceOutcome({ provider: "cardepass", model: "standard", currency: "USD", reported: { amount: 500n, currency: "EUR" }, fee: null, lastKnown: 700n })).toMatchObject({ kind: "last_known", amount: "700" });
  });

  it("says a Cardepass settleAmount of zero plainly", () => {
    // cardepass-v1.md orders/standard/cancel: "| »» settleAmount | true | none | 结算金额 | none |".
    expect(cancelBalanceOutcome({ provider: "cardepass", model: "standard", currency: "USD", reported: { amount: 0n, currency: "USD" }, fee: { amount: 10n, currency: "USD" }, lastKnown: 5n })).toMatchObject({
      kind: "returned",
      amount: "0",
      text: "$0.00 returned to the Cardepass funding account, after the $0.10 cancellation fee (as Cardepass reported when it settled the cancellation).",
    });
  });

  it("names a cancellation fee charged in another currency than the card's in its own", () => {
    expect(cancelBalanceOutcome({ provider: "cardepass", model: "standard", currency: "JPY", reported: { amount: 1500n, currency: "JPY" }, fee: { amount: 10n, currency: "USD" }, lastKnown: 1500n })).toMatchObject({
      kind: "returned",
      amount: "1500",
      currency: "JPY",
      text: "¥1,500 returned to the Cardepass funding account, after the $0.10 cancellation fee (as Cardepass reported when it settled the cancellation).",
    });
  });

  it("says a NobePay remaining balance of zero plainly, without sending finance to the provider", () => {
    // nobepay.md card/order/list: "amount | 创建卡/充值/取款/删卡余额 金额", example "desp": "Cancel Card，remain balance: $11.00".
    expect(cancelBalanceOutcome({ provider: "nobepay", model: "prepaid", currency: "USD", reported: { amount: 0n, currency: "USD" }, fee: null, lastKnown: 0n })).toMatchObject({
      kind: "remaining_reported",
      amount: "0",
      text: "NobePay recorded no balance left on the card when it cancelled it: there was nothing to return.",
    });
    expect(cancelBalanceOutcome({ provider: "nobepay", model: "prepaid", currency: "USD", reported: { amount: 1100n, currency: "USD" }, fee: null, lastKnown: 1100n }).text).toBe(
      "NobePay recorded a remaining balance of $11.00 when it cancelled the card; its documents do not say whether that balance is returned to your account. Check with NobePay.",
    );
  });

  it("says a last known balance of zero plainly", () => {
    expect(cancelBalanceOutcome({ provider: "cardepass", model: "standard", currency: "USD", reported: null, fee: null, lastKnown: 0n })).toMatchObject({
      kind: "last_known",
      amount: "0",
      text: "Balance at cancellation, as last known: $0.00, so there was nothing to return (Cardepass did not state a figure).",
    });
  });
});
