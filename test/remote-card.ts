import type { CardRow } from "@/db/queries/card-updates";
import type { Card } from "@/lib/providers/types";

/**
 * A stored card as its provider reports it to a sync: its number, model and currency as Cardhub holds them, the status
 * (and anything else) given, and nothing more the provider said.
 */
export function remoteCardOf(stored: CardRow, reported: Pick<Card, "provider" | "status" | "providerStatus"> & Partial<Card>): Card {
  return {
    providerCardId: stored.providerCardId ?? `remote-${stored.id}`,
    maskedNumber: stored.maskedNumber,
    last4: stored.last4,
    model: stored.cardModel,
    currency: stored.currency,
    balance: null,
    limits: null,
    totalFunded: null,
    totalSpent: null,
    holderName: null,
    alias: null,
    productId: null,
    brand: null,
    expiryMonth: null,
    expiryYear: null,
    tags: [],
    customerRef: null,
    holderId: null,
    issueOrderRef: null,
    createdAt: null,
    activatedAt: null,
    ...reported,
  };
}
