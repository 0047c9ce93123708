/**
 * cardopenapi.md fully specifies only card/cardList. Every other endpoint below is INFERRED from
 * the document's table of contents plus cardList's conventions (POST JSON with customer_id, app_id,
 * key; {code, message, data}; snake_case; float major-unit amounts; integer statuses;
 * "YYYY-MM-DD HH:mm:ss" times with "" for none). Correct this table against the provider's full
 * reference when it becomes available; the sandbox routes read their paths from here.
 */
export interface EndpointSpec {
  path: string;
  inferred: boolean;
  request: string[];
  response: string[];
}

export const CARDOPENAPI_ENDPOINTS = {
  cardList: {
    path: "/openApi/card/cardList",
    inferred: false,
    request: ["bin_id?", "card_no?", "status?", "page_no", "page_size"],
    response: ["total", "page_no", "page_size", "card_list[]: app_id, card_id, bin_id, holder_id, card_no, balance, limit, expiry, cvv, pin, status, use_at, close_at, end_at, mark"],
  },
  cardDetail: { path: "/openApi/card/cardDetail", inferred: true, request: ["card_id"], response: ["the cardList card object"] },
  cardActive: { path: "/openApi/card/cardActive", inferred: true, request: ["card_id"], response: ["card_id", "status"] },
  cardFreeze: { path: "/openApi/card/cardFreeze", inferred: true, request: ["card_id"], response: ["card_id", "status"] },
  cardUnfreeze: { path: "/openApi/card/cardUnfreeze", inferred: true, request: ["card_id"], response: ["card_id", "status"] },
  cardCancel: { path: "/openApi/card/cardCancel", inferred: true, request: ["card_id"], response: ["card_id", "status (4 cancelling, then 5 cancelled; balance returns to the wallet)"] },
  cardTradeList: {
    path: "/openApi/card/cardTradeList",
    inferred: true,
    request: ["card_id?", "start_time?", "end_time?", "page_no", "page_size"],
    response: ["total", "page_no", "page_size", "trade_list[]: trade_id, card_id, trade_type, trade_status, amount, currency, trade_amount, trade_currency, merchant_name, merchant_country, auth_code, fail_reason, related_trade_id, trade_at, settle_at"],
  },
  binList: {
    path: "/openApi/card/binList",
    inferred: true,
    request: ["page_no?", "page_size?"],
    response: ["total", "page_no", "page_size", "bin_list[]: bin_id, bin, card_brand, currency, open_fee, recharge_fee_rate, min_recharge, status"],
  },
  // 卡Bin费用 (the contents' "BIN fees"): what opening a card of the BIN and loading it costs.
  binFee: {
    path: "/openApi/card/binFee",
    inferred: true,
    request: ["bin_id"],
    response: ["bin_id, currency, open_fee (per card opened), recharge_fee_rate (on every amount loaded, the first included)"],
  },
  walletList: { path: "/openApi/wallet/walletList", inferred: true, request: [], response: ["wallet_list[]: wallet_id, currency, balance, frozen_balance, status"] },
  openCard: {
    path: "/openApi/order/openCard",
    inferred: true,
    request: ["bin_id", "amount", "order_no? (client idempotency key)", "holder_id?", "mark?"],
    response: ["the order object"],
  },
  cardRecharge: { path: "/openApi/order/cardRecharge", inferred: true, request: ["card_id", "amount", "order_no?"], response: ["the order object"] },
  orderList: { path: "/openApi/order/orderList", inferred: true, request: ["type?", "status?", "page_no", "page_size"], response: ["total", "page_no", "page_size", "order_list[]: order object"] },
  orderDetail: {
    path: "/openApi/order/orderDetail",
    inferred: true,
    request: ["order_id | order_no"],
    response: ["order_id, order_no, type, status, bin_id, card_id, amount, fee, total_amount, fail_reason, create_at, finish_at"],
  },
} as const satisfies Record<string, EndpointSpec>;

/** Inferred integer constants (the document names these tables but does not give them). */
export const CARD_STATUS = { inactive: 1, active: 2, frozen: 3, cancelling: 4, cancelled: 5, lost: 6, replaced: 7 } as const;
export const TRADE_TYPE = { consume: 1, refund: 2 } as const;
export const TRADE_STATUS = { processing: 1, success: 2, failed: 3, reversed: 4, expired: 5 } as const;
export const ORDER_TYPE = { openCard: 1, recharge: 2 } as const;
export const ORDER_STATUS = { processing: 1, success: 2, failed: 3 } as const;
export const WALLET_STATUS = { normal: 1 } as const;

/** Non-zero codes are the sandbox's own; the document only shows code 0 "success". */
export const ERROR_CODES = {
  auth: [10001, "invalid customer_id, app_id or key"],
  param: [10002, "invalid parameter"],
  notFound: [10003, "record not found"],
  insufficient: [10004, "insufficient balance"],
  status: [10005, "status does not allow this operation"],
  duplicate: [10006, "duplicate order_no"],
  notFoundEndpoint: [10404, "api not found"],
} as const satisfies Record<string, readonly [number, string]>;
