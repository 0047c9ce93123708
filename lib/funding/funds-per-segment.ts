import type { ProviderName } from "@/lib/providers/types";

/**
 * NobePay funds each card segment (BIN) separately: a card pays only from its own segment's balance (nobepay.md,
 * card/vd/list accountBalance), so one segment's money cannot pay for another's cards. Cardepass and Card OPEN-API pay
 * from the account's balance (or wallet) in the card's currency.
 */
export function fundsEachSegmentApart(provider: ProviderName): boolean {
  return provider === "nobepay";
}
