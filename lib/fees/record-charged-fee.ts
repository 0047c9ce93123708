import type { Db, DbOrTx } from "@/db/client";
import { lockProductFees, setProductFees } from "@/db/queries/products";
import { lastChargedOrders } from "@/db/queries/provider-orders";
import type { CardModel, OrderType } from "@/lib/providers/types";
import { FEE_ACTIONS, feeKey, learnChargedFee, type FeeAction } from "./product-fees";
import { parseProductFees } from "./parse-product-fees";

const isFeeAction = (type: OrderType): type is FeeAction => (FEE_ACTIONS as readonly string[]).includes(type);

/**
 * A completed order that states its fee becomes the product's "last charged" fee for that kind of order, so the
 * next one is disclosed before it is sent. A provider that states no fee (null) teaches nothing: no guessed zero.
 */
export async function recordChargedFee(
  tx: DbOrTx,
  params: { orderId?: string; type: OrderType; productId: string | null; model: CardModel; fee: bigint | null; currency: string | null; at: Date; onlyIfUnknown?: boolean },
): Promise<void> {
  if (!isFeeAction(params.type) || params.fee === null || params.fee < 0n || !params.productId || !params.currency) return;
  const stored = await lockProductFees(tx, params.productId);
  if (stored === null) return;
  const known = parseProductFees(stored);
  if (params.onlyIfUnknown && known[feeKey(params.model, params.type)]) return;
  const charged = { currency: params.currency, fixed: params.fee.toString(), ratePpm: 0, source: "last_charged" as const, observedAt: params.at.toISOString(), ...(params.orderId ? { orderId: params.orderId } : {}) };
  const learnt = learnChargedFee(known, feeKey(params.model, params.type), charged);
  if (learnt !== known) await setProductFees(tx, { productId: params.productId, fees: { ...stored, ...learnt } });
}

/**
 * Fills each product's unknown fees from the account's order history (orders completed before fees were kept, or
 * while the product row was missing): "the fees of the last completed order of that kind on the account".
 */
export async function learnFeesFromHistory(db: Db, providerAccountId: string): Promise<void> {
  for (const order of await lastChargedOrders(db, { providerAccountId, types: FEE_ACTIONS })) {
    await db.transaction((tx) =>
      recordChargedFee(tx, { orderId: order.orderId, type: order.type, productId: order.productId, model: order.cardModel, fee: order.fee, currency: order.currency, at: order.completedAt, onlyIfUnknown: true }),
    );
  }
}
