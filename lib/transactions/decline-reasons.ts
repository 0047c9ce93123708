/** Provider decline texts in plain words. The provider's own text is always kept beside it. */
const PATTERNS: [RegExp, string][] = [
  [/balance|insufficient|not enough|余额/i, "Not enough money on the card or funding account"],
  [
    /single transaction|per[- ]transaction|auth limit|over_auth|单笔/i,
    "Over the card's per-transaction limit",
  ],
  [/credit limit|over_credit|总额度|lifetime/i, "Over the card's total spending limit"],
  [
    /inactive|status|frozen|blocked|cancel|卡片状态/i,
    "The card was not active (frozen, cancelled or not yet activated)",
  ],
  [/expired|有效期/i, "The card has expired"],
  [/cvv|cvc|security code/i, "Wrong security code"],
  [/merchant|mcc|not allowed|restricted/i, "The merchant or purchase type is not allowed on this card"],
  [/fraud|risk|风控/i, "Stopped by the provider's fraud checks"],
];

export function plainDeclineReason(providerText: string | null): string {
  if (!providerText) return "Declined by the provider (no reason given)";
  for (const [pattern, words] of PATTERNS) if (pattern.test(providerText)) return words;
  return "Declined by the provider";
}
