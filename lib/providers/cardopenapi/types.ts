/**
 * Card OPEN-API wire shapes. Only card/cardList is specified (cardopenapi.md); every other
 * endpoint, field and integer constant here is INFERRED from the document's table of contents and
 * cardList's conventions, and is listed in ENDPOINTS so it can be corrected in one place.
 */
import { z } from "zod";

export const ENDPOINTS = {
  cardList: { path: "/openApi/card/cardList", inferred: false },
  cardDetail: { path: "/openApi/card/cardDetail", inferred: true },
  cardActive: { path: "/openApi/card/cardActive", inferred: true },
  cardFreeze: { path: "/openApi/card/cardFreeze", inferred: true },
  cardUnfreeze: { path: "/openApi/card/cardUnfreeze", inferred: true },
  cardCancel: { path: "/openApi/card/cardCancel", inferred: true },
  cardTradeList: { path: "/openApi/card/cardTradeList", inferred: true },
  binList: { path: "/openApi/card/binList", inferred: true },
  binFee: { path: "/openApi/card/binFee", inferred: true },
  walletList: { path: "/openApi/wallet/walletList", inferred: true },
  openCard: { path: "/openApi/order/openCard", inferred: true },
  cardRecharge: { path: "/openApi/order/cardRecharge", inferred: true },
  orderDetail: { path: "/openApi/order/orderDetail", inferred: true },
} as const;

/** Documented: card status 1–7. Inferred: order type/status and trade type/status. */
export const CARD_STATUS = { inactive: 1, active: 2, frozen: 3, cancelling: 4, cancelled: 5, lost: 6, replaced: 7 } as const;
export const ORDER_TYPE = { openCard: 1, recharge: 2 } as const;
export const ORDER_STATUS = { processing: 1, success: 2, failed: 3 } as const;
export const TRADE_TYPE = { consume: 1, refund: 2 } as const;
export const TRADE_STATUS = { processing: 1, success: 2, failed: 3, reversed: 4, expired: 5 } as const;

const str = z.string().nullish();
const amount = z.union([z.number(), z.string()]).nullish();
const int = z.union([z.number(), z.string()]);

export const envelopeSchema = z.looseObject({
  code: z.union([z.number(), z.string()]),
  message: str,
  data: z.unknown().optional(),
});
export type CardopenapiEnvelope = z.infer<typeof envelopeSchema>;

/**
 * Security boundary: this schema has NO card_no, cvv or pin. z.object (not loose) drops unknown
 * keys, so a card parsed with it cannot carry them onward.
 */
export const publicCardSchema = z.object({
  app_id: z.unknown().optional(),
  card_id: z.string(),
  bin_id: str,
  holder_id: str,
  balance: amount,
  limit: amount,
  expiry: str,
  status: int,
  use_at: str,
  // Cancel times: an unreadable one is absent (transform.ts closeTime), never a card that cannot be read.
  close_at: z.unknown().optional(),
  end_at: z.unknown().optional(),
  mark: str,
});
export type CardopenapiPublicCard = z.infer<typeof publicCardSchema>;

/** Reveal only. */
export const secretCardSchema = z.object({ card_id: z.string(), card_no: z.string(), cvv: z.string(), expiry: z.string() });

export const cardPageSchema = z.looseObject({
  total: z.unknown().optional(),
  page_no: z.unknown().optional(),
  page_size: z.unknown().optional(),
  card_list: z.array(z.unknown()).nullish(),
});

export const cardActionSchema = z.looseObject({ card_id: z.string(), status: int });

export const binSchema = z.looseObject({
  bin_id: z.string(),
  bin: str,
  card_brand: str,
  currency: str,
  open_fee: amount,
  recharge_fee_rate: amount,
  min_recharge: amount,
  status: z.unknown().optional(),
});
/** 卡Bin费用 (inferred): open_fee per card opened, recharge_fee_rate on every amount loaded. */
export const binFeeSchema = z.looseObject({ bin_id: z.string(), currency: str, open_fee: amount, recharge_fee_rate: amount });

export const binPageSchema = z.looseObject({ total: z.unknown().optional(), bin_list: z.array(binSchema).nullish() });

export const walletSchema = z.looseObject({
  wallet_id: z.union([z.string(), z.number()]),
  currency: z.string(),
  balance: amount,
  frozen_balance: amount,
  status: z.unknown().optional(),
});
export const walletListSchema = z.looseObject({ wallet_list: z.array(walletSchema).nullish() });

export const orderSchema = z.looseObject({
  order_id: z.union([z.string(), z.number()]),
  order_no: str,
  type: int,
  status: int,
  bin_id: str,
  card_id: str,
  amount,
  fee: amount,
  total_amount: amount,
  fail_reason: str,
  create_at: str,
  finish_at: str,
});

export const tradeSchema = z.looseObject({
  trade_id: z.union([z.string(), z.number()]),
  card_id: str,
  trade_type: int.nullish(),
  trade_status: int,
  amount,
  currency: str,
  trade_amount: amount,
  trade_currency: str,
  merchant_name: str,
  merchant_country: str,
  auth_code: str,
  fail_reason: str,
  trade_at: str,
  settle_at: str,
});
export const tradePageSchema = z.looseObject({
  total: z.unknown().optional(),
  page_no: z.unknown().optional(),
  page_size: z.unknown().optional(),
  trade_list: z.array(z.unknown()).nullish(),
});
