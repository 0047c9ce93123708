import type { DbOrTx } from "@/db/client";
import type { CardRow } from "@/db/queries/card-updates";
import type { ProductRow } from "@/db/queries/products";
import { productLabelWithOriginal } from "@/lib/products/product-label";
import { recordSyncedCardEvent } from "./synced-card-audit";

/**
 * Audits the product a sync linked to a card that had none (a card issued outside Cardhub, imported before Cardhub had
 * read its product): `stored` is the card as the sync wrote it. MONEY: the product carries the fee rules its top-ups and
 * withdrawals are quoted, so the link is a change to the card like any other. Call it in the write's transaction, so the
 * link and its row commit together; it is in the name of the job that read the card, as recordChangedAtProvider's rows.
 */
export async function recordProductLinked(tx: DbOrTx, stored: CardRow, product: ProductRow): Promise<void> {
  await recordSyncedCardEvent(tx, stored, "card.product_linked", {
    productId: product.id,
    providerProductId: product.providerProductId,
    // As people read it at the time (an administrator's name for it, then the provider's).
    productName: productLabelWithOriginal(product),
  });
}
