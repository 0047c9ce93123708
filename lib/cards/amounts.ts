import { formatAmount, MoneyError, parseMoney, type Money } from "@/lib/money";
import { ActionError } from "@/lib/actions/result";
import { decimalsProblem } from "./decimals-problem";

/** A form amount in the card's currency → exact minor units, or a field error the person can act on. */
export function parseFormAmount(field: string, text: string, currency: string): Money {
  try {
    const money = parseMoney(text, currency, field);
    if (money.amount <= 0n) throw new ActionError("invalid_input", "Some fields need attention.", { [field]: "The amount must be more than zero." });
    return money;
  } catch (error) {
    if (error instanceof ActionError) throw error;
    if (error instanceof MoneyError) throw new ActionError("invalid_input", "Some fields need attention.", { [field]: decimalsProblem(currency) });
    throw error;
  }
}

export function fieldError(field: string, message: string): ActionError {
  return new ActionError("invalid_input", "Some fields need attention.", { [field]: message });
}

export function describeMoney(money: Money): string {
  return `${formatAmount(money)} ${money.currency}`;
}
