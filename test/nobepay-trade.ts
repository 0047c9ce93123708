import { toTransaction } from "@/lib/providers/nobepay/transform-ledger";

/**
 * A NobePay purchase of `cents` on the card as nobepay.md's trade list writes it, authorised at `at` and, once
 * COMPLETE, settled an hour later; a DECLINED one carries its reason.
 */
export function nobepayPurchase(id: string, providerCardId: string, cents: number, at: Date, status: "PENDING" | "COMPLETE" | "DECLINED" | "REVERSED" = "COMPLETE") {
  return toTransaction({
    transactionId: id,
    userId: "u_x",
    cardId: providerCardId,
    cardCustomerId: "x",
    cardNumber: "556735XXXXXXXXXX",
    desp: "FACEBK ADS",
    reason: status === "DECLINED" ? "insufficient balance" : "",
    preAuthAmount: -cents,
    preAuthCurrency: "USD",
    preAuthTime: at.getTime(),
    transactionAmount: -cents,
    transactionCurrency: "USD",
    transactionTime: at.getTime() + 3_600_000,
    status,
  });
}
