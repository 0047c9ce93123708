import { z } from "zod";
import { FEE_SOURCES, type FeeKey, type ProductFees } from "./product-fees";

// Server side only: zod stays out of the browser bundles that quote fees (lib/fees/product-fees.ts).
const ruleSchema = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/),
  fixed: z.string().regex(/^\d+$/),
  ratePpm: z.number().int().min(0).max(1_000_000),
  source: z.enum(FEE_SOURCES),
  observedAt: z.string(),
  orderId: z.string().optional(),
});
const keySchema = z.string().regex(/^(sharebalance|standard|prepaid):(issue|topup|withdraw|cancel)$/);

/** products.fees as stored; anything that does not parse (an older shape, a hand edit) is left out rather than guessed. */
export function parseProductFees(raw: unknown): ProductFees {
  const fees: ProductFees = {};
  if (typeof raw !== "object" || raw === null) return fees;
  for (const [key, value] of Object.entries(raw)) {
    const rule = ruleSchema.safeParse(value);
    if (keySchema.safeParse(key).success && rule.success) fees[key as FeeKey] = rule.data;
  }
  return fees;
}
