import type { DbOrTx } from "@/db/client";
import type { CardView } from "@/db/queries/cards";
import type { ProductRow } from "@/db/queries/products";
import { findOrder } from "@/db/queries/provider-orders";
import type { ProviderAccountRow } from "@/db/queries/provider-accounts";
import type { CardRequestRow } from "@/db/queries/requests";
import { payingBalanceLabel, PROVIDER_LABELS } from "@/components/cards/labels";
import { can, type Actor } from "@/lib/auth/permissions";
import { parseProductFees } from "@/lib/fees/parse-product-fees";
import { findPayingBalance, type PayingBalance } from "@/lib/funding/paying-balance";
import { requestCostOf, type RequestCost } from "./request-cost";

export type RequestCostView = {
  cost: RequestCost;
  /** The funding balance the total is paid from: only for a viewer who may see funding, else null. */
  paying: { label: string; balance: PayingBalance | null } | null;
  /** A done request: the fee its provider order was charged, where the provider stated one. */
  charged: { fee: bigint; currency: string } | null;
  /** A done request whose provider order stated no fee (NobePay's orders state none): no quote is shown for it any more. */
  feeUnstated: boolean;
};

/**
 * What a top-up or new-card request costs, for its page, computed on the server from the product's fees (the card's
 * product for a top-up, the requested one for a new card). SECURITY (funding.view): the paying balance is read and
 * returned only for a viewer who may see funding, as lib/products/offered-products.ts does for the issue form.
 */
export async function loadRequestCost(
  db: DbOrTx,
  params: { request: CardRequestRow; card: CardView | null; product: ProductRow | null; account: ProviderAccountRow | null; viewer: Actor },
): Promise<RequestCostView | null> {
  const { request, card, product, account, viewer } = params;
  const provider = request.kind === "new_card" ? account?.provider : card?.provider;
  if (!provider) return null;
  const fees = parseProductFees(request.kind === "new_card" ? (product?.fees ?? {}) : (card?.productFees ?? {}));
  const providerLabel = PROVIDER_LABELS[provider];
  const cost = requestCostOf({ kind: request.kind, approved: request.approved, details: request.details, cardModel: card?.cardModel ?? null, fees, providerLabel, currency: request.currency });
  if (!cost) return null;
  const seesFunding = can(viewer, "funding.view");
  const pays = request.kind === "new_card" ? { providerAccountId: request.providerAccountId, productId: product?.providerProductId ?? null } : { providerAccountId: card?.providerAccountId ?? null, productId: card?.providerProductId ?? null };
  const [balance, order] = await Promise.all([
    seesFunding && pays.providerAccountId ? findPayingBalance(db, { providerAccountId: pays.providerAccountId, provider, productId: pays.productId, currency: request.currency }) : Promise.resolve(null),
    request.status === "done" && request.orderId ? findOrder(db, request.orderId) : Promise.resolve(null),
  ]);
  return {
    cost,
    paying: seesFunding ? { label: payingBalanceLabel(provider), balance } : null,
    charged: order && order.fee !== null && order.feeCurrency ? { fee: order.fee, currency: order.feeCurrency } : null,
    feeUnstated: order !== null && (order.fee === null || !order.feeCurrency),
  };
}
