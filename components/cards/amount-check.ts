import { amountTextProblem } from "@/lib/cards/amount-text";
import { fundingShortfall } from "@/lib/fees/funding-shortfall";
import { quoteFee, type FeeQuote, type ProductFees } from "@/lib/fees/product-fees";
import type { PayingBalance } from "@/lib/funding/paying-balance";
import { formatMoney } from "@/lib/format";
import { decimalsProblem } from "@/lib/cards/decimals-problem";
import { parseMoney } from "@/lib/money";
import type { CardModel } from "@/lib/providers/types";

export type AmountCheck = {
  /** The typed amount in minor units, or null while it is not an amount. */
  minor: bigint | null;
  fee: FeeQuote | null;
  /** What is wrong with the text itself (shown once the field was left, or on submit). */
  textProblem: string | null;
  /** What the amount would do that cannot be done (above the balance that pays): shown as soon as it is typed. */
  amountProblem: string | null;
};

/**
 * The top-up and withdrawal form's checks on what is typed, the same on every keystroke and on submit, with the one
 * amount parser (lib/money.ts). The server checks all of it again.
 */
export function checkAmount(params: {
  text: string;
  kind: "topUp" | "withdraw";
  currency: string;
  cardModel: CardModel;
  fees: ProductFees;
  balance: bigint | null;
  paying: PayingBalance | null;
}): AmountCheck {
  const { kind, currency, cardModel, fees, balance, paying } = params;
  const action = kind === "topUp" ? "topup" : "withdraw";
  const text = params.text.trim();
  const problem = amountTextProblem(text);
  if (problem) return { minor: null, fee: quoteFee(fees, cardModel, action, 0n), textProblem: problem, amountProblem: null };
  let minor: bigint;
  try {
    minor = parseMoney(text, currency).amount;
  } catch {
    return { minor: null, fee: quoteFee(fees, cardModel, action, 0n), textProblem: decimalsProblem(currency), amountProblem: null };
  }
  const fee = quoteFee(fees, cardModel, action, minor);
  const result = { minor, fee, textProblem: null };
  if (kind === "withdraw" && balance !== null && minor > balance) {
    return { ...result, amountProblem: `You can withdraw at most ${formatMoney(balance, currency)}, the card's balance.` };
  }
  // Like with like: a fee charged in another currency than the card's is not added to what comes off it.
  if (kind === "withdraw" && balance !== null && fee && fee.currency === currency && minor + fee.fee > balance) {
    return { ...result, amountProblem: `With its ${formatMoney(fee.fee, currency)} fee this takes ${formatMoney(minor + fee.fee, currency)} off the card, which holds ${formatMoney(balance, currency)}.` };
  }
  const shortfall = kind === "topUp" ? fundingShortfall({ amount: minor, currency, fee, paying, what: "top-up" }) : null;
  return { ...result, amountProblem: shortfall };
}
