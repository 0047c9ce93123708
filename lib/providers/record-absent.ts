import { isProviderError } from "@/lib/providers/errors";
import type { ProviderName } from "@/lib/providers/types";

/**
 * The provider codes that say the card or order asked about does not exist. Any other "not found" (a bare HTTP 404,
 * an unknown endpoint, a lookup that gave up) says nothing about the record.
 */
function absentCodes(provider: ProviderName): readonly string[] {
  switch (provider) {
    case "cardepass":
      // cardepass-v2.md 错误码说明: "| CARD_NOT_FOUND | 卡片不存在 | 检查卡片ID是否正确 |" and
      // "| ORDER_NOT_FOUND | 订单不存在 | 检查订单号是否正确 |". Its generic "| 404 | 404 | 请求的资源不存在 |" row is what
      // any wrong path answers too, so it does not count.
      return ["CARD_NOT_FOUND", "ORDER_NOT_FOUND"];
    case "nobepay":
      // nobepay.md points to an error table ("更多返回错误代码请看首页的错误代码描述") that it does not include:
      // 404001 "卡片不存在" is the sandbox's code (sandbox/nobepay/envelope.ts), to be checked against that table.
      return ["404001"];
    case "cardopenapi":
      // cardopenapi.md shows only code 0 "success": 10003 "record not found" is the sandbox's code, inferred like the
      // endpoints; 10404 "api not found" is its answer to an unknown endpoint, a wrong address.
      return ["10003"];
  }
}

/**
 * Money boundary: whether a "not found" is the provider's word that the record does not exist. Only that may mark a
 * card missing, resend an order or fail one; anything else is an unknown outcome, asked about again later.
 */
export function isRecordAbsent(error: unknown): boolean {
  if (!isProviderError(error) || error.code !== "not_found") return false;
  if (error.recordAbsent) return true;
  return error.provider !== undefined && error.providerCode !== undefined && absentCodes(error.provider).includes(error.providerCode);
}
