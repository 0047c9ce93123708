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
 * An ApplyCard line with a first load itemises what that load was charged (cardepass-v1.md's example: "feeType":
 * "OpenCardFee", "amount": 0.1 and "feeType": "TopUpFee", "amount": 0.1): the product's top-up fee, learnt from the
 * item alone, so a card's first top-up after it was issued is disclosed instead of "not known".
 */
const CARDEPASS_ITEMISED_CHARGES: Record<string, { action: FeeAction; feeItem: string }> = {
  ApplyCard: { action: "topup", feeItem: "TopUpFee" },
};

/** A fee below zero or in a code Cardhub does not know (its minor unit a guess) teaches nothing, as on an order. */
function chargedFee(fee: bigint | null | undefined, currency: string | null | undefined): { fee: bigint; currency: string } | null {
  return fee !== null && fee !== undefined && fee >= 0n && currency && isKnownCurrency(currency) ? { fee, currency } : null;
}

/**
 * MONEY: a product's fees as its provider's statement charged them, learnt where Cardhub knows none yet (an account
 * connected with a history, cards issued before Cardhub), so the next issue, top-up, withdrawal or cancellation is
 * disclosed with "last charged" instead of "not known": the newest completed charge of the batch per product, card
 * model and kind, its whole fee (as a Cardepass order's fee is its totalFee) or its itemised one, in the fee's own currency. A fee already
 * known (published, or learnt from an order) is kept.
 */
export async function learnFeesFromStatements(tx: DbOrTx, params: { provider: ProviderName; lines: readonly NewStatement[] }): Promise<void> {
  if (params.provider !== "cardepass") return;
  const charges = params.lines.flatMap((line) => {
    if (line.source !== "card" || line.status !== "Completed" || !line.cardId) return [];
    const at = line.completedAt ?? line.occurredAt;
    const found: { cardId: string; action: FeeAction; fee: bigint; currency: string; at: Date }[] = [];
    const charge = CARDEPASS_CHARGES[line.type];
    const whole = chargedFee(line.fee, line.feeCurrency);
    if (charge && whole && (line.feeItems ?? []).some((item) => item.type === charge.feeItem)) found.push({ cardId: line.cardId, action: charge.action, ...whole, at });
    const itemised = CARDEPASS_ITEMISED_CHARGES[line.type];
    const items = itemised ? (line.feeItems ?? []).filter((item) => item.type === itemised.feeItem) : [];
    // One item of the kind, or none learnt: two would be a fee Cardhub cannot tell apart.
    if (itemised && items.length === 1) {
      const item = chargedFee(/^-?\d+$/.test(items[0]!.amount) ? BigInt(items[0]!.amount) : null, items[0]!.currency);
      if (item) found.push({ cardId: line.cardId, action: itemised.action, ...item, at });
    }
    return found;
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
