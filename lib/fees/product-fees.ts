import type { CardModel } from "@/lib/providers/types";

/** The actions that can cost money, in the words of provider_orders.type. */
export const FEE_ACTIONS = ["issue", "topup", "withdraw", "cancel"] as const;
export type FeeAction = (typeof FEE_ACTIONS)[number];

/**
 * Where a fee came from. "provider": the provider publishes it (the cardopenapi BIN list's open_fee and
 * recharge_fee_rate). "last_charged": what the last completed order of that kind was charged (Cardepass order fee
 * items; any provider that states the fee on its orders). Shown to people, so they know how firm the figure is.
 */
export const FEE_SOURCES = ["provider", "last_charged"] as const;
export type FeeSource = (typeof FEE_SOURCES)[number];

/**
 * One fee of one product, for one action and card model: a fixed part plus a rate on the amount moved. Stored in
 * products.fees (jsonb), so minor units travel as decimal-integer strings; ratePpm is parts per million (1.5% = 15000).
 */
export type FeeRule = {
  currency: string;
  fixed: string;
  ratePpm: number;
  source: FeeSource;
  /** When the figure was read from the provider or charged (ISO time). */
  observedAt: string;
  /** The order that was charged it (source "last_charged"). */
  orderId?: string;
};

export type FeeKey = `${CardModel}:${FeeAction}`;
export type ProductFees = Partial<Record<FeeKey, FeeRule>>;

export const feeKey = (model: CardModel, action: FeeAction): FeeKey => `${model}:${action}`;

/**
 * A refresh adds what the provider publishes now and keeps everything else it knew: a fee learnt from a charged
 * order is never erased by a provider that publishes nothing.
 */
export function mergeProductFees(known: ProductFees, published: ProductFees): ProductFees {
  return { ...known, ...published };
}

/** Fixed part plus the rate on the principal, rounded half up to the minor unit (as the providers charge it). */
export function feeOn(rule: FeeRule, principal: bigint): bigint {
  const rated = principal > 0n && rule.ratePpm > 0 ? (principal * BigInt(rule.ratePpm) + 500_000n) / 1_000_000n : 0n;
  return BigInt(rule.fixed) + rated;
}

export type FeeQuote = { fee: bigint; currency: string; source: FeeSource; observedAt: string; rule: FeeRule };

/** The fee an action is expected to cost, or null when nothing is known about it (never a guessed zero). */
export function quoteFee(fees: ProductFees, model: CardModel, action: FeeAction, principal: bigint): FeeQuote | null {
  const rule = fees[feeKey(model, action)];
  if (!rule) return null;
  return { fee: feeOn(rule, principal), currency: rule.currency, source: rule.source, observedAt: rule.observedAt, rule };
}

/** A charged order teaches its fee only where the provider did not publish one (the published schedule stays). */
export function learnChargedFee(fees: ProductFees, key: FeeKey, charged: FeeRule): ProductFees {
  if (fees[key]?.source === "provider") return fees;
  return { ...fees, [key]: charged };
}
