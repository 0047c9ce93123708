import { productLabelWithOriginal } from "@/lib/products/product-label";
import type { ProviderName } from "@/lib/providers/types";
import { PROVIDER_LABELS } from "./labels";

type CardProduct = { provider: ProviderName; productName: string | null; productDisplayName: string | null; providerProductId: string | null };

/**
 * The card's product as the card page names it, or why there is none. A card Cardhub issues has its product; an
 * imported one gets the product its provider names once Cardhub has read it (lib/cards/sync-card.ts). NobePay's card
 * data names no card segment (vid), so a card read from NobePay has none to link; Cardepass (productCode, not in its
 * v2 card detail) and Card OPEN-API (bin_id) name one, which may not be among the products Cardhub has read.
 */
export function cardProductText(card: CardProduct): string {
  if (card.productName) return `${productLabelWithOriginal({ name: card.productName, displayName: card.productDisplayName })}${card.providerProductId ? ` (${card.providerProductId})` : ""}`;
  if (card.provider === "nobepay") return `Not stated by ${PROVIDER_LABELS.nobepay}`;
  return `Not known: ${PROVIDER_LABELS[card.provider]} named none of the products Cardhub has read`;
}
