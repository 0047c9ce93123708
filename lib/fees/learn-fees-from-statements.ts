import type { DbOrTx } from "@/db/client";
import { productsOfCards } from "@/db/queries/products";
import type { NewStatement } from "@/db/queries/statements";
import { isKnownCurrency } from "@/lib/money";
import type { ProviderName } from "@/lib/providers/types";
import { parseProductFees } from "./parse-product-fees";
import { feeKey, type FeeAction } from "./product-fees";
import { recordChargedFee } from "./record-charged-fee";

/**
 * Cardepass card-ledger lines (accounts/cardAccountLogs) that state what one order was charged: the line's type names
 * the order (cardepass-v1.md: "cardAccountLogType" ApplyCard, CardTopUp, CardCancel, BalanceRefund), its totalFee the
 * fee in the currency it names, and its feeItems the fee's kind ("feeType": OpenCardFee, TopUpFee, CancelCardFee,
 * CardWithdrawFee). A line is read as a charge only with the fee item its order charges, so no other line is taken
 * for one.
 */
const CARDEPASS_CHARGES: Record<string, { action: FeeAction; feeItem: string }> = {
  ApplyCard: { action: "issue", feeItem: "OpenCardFee" },
  CardTopUp: { action: "topup", feeItem: "TopUpFee" },
  CardCancel: { action: "cancel", feeItem: "CancelCardFee" },
  BalanceRefund: { action: "withdraw", feeItem: "CardWithdrawFee" },
};

/**
 * MONEY: a product's fees as its provider's statement charged them, learnt where Cardhub knows none yet (an account
 * connected with a history, cards issued before Cardhub), so the next issue, top-up, withdrawal or cancellation is
 * disclosed with "last charged" instead of "not known": the newest completed charge of the batch per product, card
 * model and kind, its whole fee (as a Cardepass order's fee is its totalFee), in the fee's own currency. A fee already
 * known (published, or learnt from an order) is kept.
 */
export async function learnFeesFromStatements(tx: DbOrTx, params: { provider: ProviderName; lines: readonly NewStatement[] }): Promise<void> {
  if (params.provider !== "cardepass") return;
  const charges = params.lines.flatMap((line) => {
    const charge = CARDEPASS_CHARGES[line.type];
    if (!charge || line.source !== "card" || line.status !== "Completed" || !line.cardId) return [];
    // A fee below zero or in a code Cardhub does not know (its minor unit a guess) teaches nothing, as on an order.
    if (line.fee === null || line.fee === undefined || line.fee < 0n || !line.feeCurrency || !isKnownCurrency(line.feeCurrency)) return [];
    if (!(line.feeItems ?? []).some((item) => item.type === charge.feeItem)) return [];
    return [{ cardId: line.cardId, action: charge.action, fee: line.fee, currency: line.feeCurrency, at: line.completedAt ?? line.occurredAt }];
  });
  if (charges.length === 0) return;
  const productOf = new Map((await productsOfCards(tx, [...new Set(charges.map((charge) => charge.cardId))])).map((row) => [row.cardId, row]));
  const newestFirst = [...charges].sort((a, b) => b.at.getTime() - a.at.getTime());
  const learnt = new Set<string>();
  for (const charge of newestFirst) {
    const card = productOf.get(charge.cardId);
    if (!card) continue;
    const key = `${card.productId}:${card.cardModel}:${charge.action}`;
    // Every statements read passes its lines here again: a fee the product already knows is left without taking its
    // row's lock (recordChargedFee checks again under the lock, for one learnt in between).
    if (learnt.has(key) || parseProductFees(card.fees)[feeKey(card.cardModel, charge.action)]) continue;
    learnt.add(key);
    await recordChargedFee(tx, { type: charge.action, productId: card.productId, model: card.cardModel, fee: charge.fee, currency: charge.currency, at: charge.at, onlyIfUnknown: true });
  }
}
