import type { SandboxContext } from "../context";
import { json, type WireResponse } from "../lib/http";

export function ok(ctx: SandboxContext, data: unknown): WireResponse {
  return json(200, { data, responseId: ctx.rng.uuid(), hasError: false, errorCode: null, errorMessage: null });
}

/** Business failures come back as HTTP 200 with hasError (as the documents show); 400/404 for bad input or ids. */
export function fail(ctx: SandboxContext, errorCode: string, errorMessage: string, status = 200): WireResponse {
  return json(status, { data: null, responseId: ctx.rng.uuid(), hasError: true, errorCode, errorMessage });
}

export interface BusinessError {
  errorCode: string;
  errorMessage: string;
  status?: number;
}

export const ERRORS = {
  applyNotEnough: { errorCode: "applyCard_availableBalance__not_enough", errorMessage: "您的资金账户资金不足，请转入资金后使用，谢谢！" },
  insufficient: { errorCode: "INSUFFICIENT_BALANCE", errorMessage: "余额不足" },
  cardNotFound: { errorCode: "CARD_NOT_FOUND", errorMessage: "卡片不存在" },
  orderNotFound: { errorCode: "ORDER_NOT_FOUND", errorMessage: "订单不存在", status: 404 },
  duplicate: { errorCode: "DUPLICATE_ORDER", errorMessage: "重复订单" },
  product: { errorCode: "PRODUCT_NOT_AVAILABLE", errorMessage: "产品不可用" },
  // cardepass-v2.md 卡片业务错误 / 订单相关错误 (served in v2 mode).
  limitExceeded: { errorCode: "LIMIT_EXCEEDED", errorMessage: "超出限额" },
  orderStatusInvalid: { errorCode: "ORDER_STATUS_INVALID", errorMessage: "订单状态不支持操作" },
} satisfies Record<string, BusinessError>;

export function cardStatusInvalid(detail: string): BusinessError {
  return { errorCode: "CARD_STATUS_INVALID", errorMessage: `卡片状态不支持操作: ${detail}` };
}

export function badRequest(field: string, detail: string): BusinessError {
  return { errorCode: "400", errorMessage: `${field}: ${detail}`, status: 400 };
}

export function failWith(ctx: SandboxContext, error: BusinessError): WireResponse {
  return fail(ctx, error.errorCode, error.errorMessage, error.status ?? 200);
}
