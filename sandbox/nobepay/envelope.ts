import { json, type WireResponse } from "../lib/http";

/**
 * The NobePay document refers to an error-code table on its home page that is not included, so
 * these non-success codes are the sandbox's own (listed in sandbox/README.md). Always HTTP 200.
 */
export const NB_CODES = {
  ok: [200000, "操作成功！"],
  badParam: [400001, "参数错误"],
  balanceNotEnough: [400101, "balance not enough"],
  cardStatus: [400102, "卡片状态不允许该操作"],
  belowMinDeposit: [400103, "低于卡段最低充值金额"],
  cardNotFound: [404001, "卡片不存在"],
  segmentNotFound: [404002, "卡段不存在"],
  badCredentials: [401000, "appKey或appSecret错误"],
  tokenInvalid: [401001, "token无效或已过期"],
  missingHeader: [401002, "缺少请求头"],
  timestampOutOfRange: [401003, "timestamp超出允许范围"],
  nonceReused: [401004, "nonce重复"],
} as const satisfies Record<string, readonly [number, string]>;

export type NbCode = keyof typeof NB_CODES;

export function nbOk(data: unknown): WireResponse {
  return json(200, { success: true, msg: NB_CODES.ok[1], code: NB_CODES.ok[0], data, timestamp: Date.now() });
}

export function nbFail(code: NbCode, detail?: string): WireResponse {
  const [num, msg] = NB_CODES[code];
  return json(200, { success: false, msg: detail ? `${msg}: ${detail}` : msg, code: num, data: null, timestamp: Date.now() });
}
