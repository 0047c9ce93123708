import { productLabelWithOriginal } from "@/lib/products/product-label";
import type { ProviderName } from "@/lib/providers/types";
import { PROVIDER_LABELS } from "./labels";

type CardProduct = { provider: ProviderName; productName: string | null; productDisplayName: string | null; providerProductId: string | null };

/**
 * The card's product as the card page names it, or why there is none. Cardhub links a product only to a card it
 * issues. NobePay's card data names no card segment (vid), so a card read from NobePay has none to link; Cardepass
 * (productCode) and Card OPEN-API (bin_id) do name one, which Cardhub does not record when it imports the card.
 */
export function cardProductText(card: CardProduct): string {
  if (card.productName) return `${productLabelWithOriginal({ name: card.productName, displayName: card.productDisplayName })}${card.providerProductId ? ` (${card.providerProductId})` : ""}`;
  if (card.provider === "nobepay") return `Not stated by ${PROVIDER_LABELS.nobepay}`;
  return `Not recorded for a card imported from ${PROVIDER_LABELS[card.provider]}`;
}
