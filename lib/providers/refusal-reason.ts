import type { ChineseExplanation } from "@/lib/providers/chinese-messages";

// How a ProviderError words an error with the provider's own message (lib/providers/errors.ts).
const PROVIDER_SAYS = /^([\s\S]*?)\s*\(provider says: ([\s\S]*)\)$/;

const FUNDS_FOR_ANY_ORDER = "There is not enough money in the funding account (or on the card) for this operation.";
const FUNDS_FOR_AN_ISSUE = "There is not enough money in the funding account to issue the card.";

/**
 * A refused order's reason as it is shown, said once. Stored, it is Cardhub's sentence for the kind of error followed
 * by the provider's own words ("… (provider says: 您的资金账户资金不足…)"); where those words are Chinese that the
 * provider's documents fully explain, the explanation shown beside them (ProviderTextView) already says in English what
 * Cardhub's sentence says more vaguely, so only the provider's words are kept and the page gives one English reading.
 * Otherwise the text stays whole, except that a refused issue does not speak of money "on the card": there was none.
 * `explanation` is explainChinese of the whole message (its Chinese is all in the provider's words).
 */
export function refusalReason(message: string, explanation: ChineseExplanation | null, orderType: string | null): string {
  const match = PROVIDER_SAYS.exec(message);
  if (match && explanation?.known && explanation.complete) return match[2]!;
  return orderType === "issue" ? message.replace(FUNDS_FOR_ANY_ORDER, FUNDS_FOR_AN_ISSUE) : message;
}
