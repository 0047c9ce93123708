/**
 * The Chinese messages the providers' own documents give (docs/provider-docs, a copy of the providers' documents), each with what it means in
 * plain English. Provider text is always shown as the provider wrote it; this only adds the explanation beside it.
 */
export const DOCUMENTED_CHINESE_MESSAGES: readonly { chinese: string; english: string }[] = [
  // cardepass-v1.md, the apply answer with hasError: "errorMessage": "您的资金账户资金不足，请转入资金后使用，谢谢！"
  { chinese: "您的资金账户资金不足，请转入资金后使用，谢谢！", english: "The funding account does not have enough money: transfer funds into it, then try again." },
  // cardepass-v1.md, a paid order: "payMessage": "扣款成功"
  { chinese: "扣款成功", english: "Payment taken." },
  // cardepass-v2.md 错误码说明 / 通用错误码: "| 401 | 401 | 访问令牌无效或过期 | 重新获取访问令牌 |" and the rows after it.
  { chinese: "访问令牌无效或过期", english: "The access token is invalid or has expired." },
  { chinese: "权限不足", english: "The account is not allowed to do this." },
  { chinese: "请求的资源不存在", english: "What was asked for does not exist at the provider." },
  { chinese: "请求参数错误", english: "The request's parameters are wrong." },
  { chinese: "请求频率超限", english: "Too many requests: the provider's rate limit was reached." },
  { chinese: "服务器内部错误", english: "The provider's server failed (internal error)." },
  // cardepass-v2.md 认证相关错误: "| invalid_client | 客户端认证失败 | 检查client_id和client_secret |" and the rows after it.
  { chinese: "客户端认证失败", english: "The client ID or secret was refused." },
  { chinese: "授权类型不支持", english: "That grant type is not supported." },
  { chinese: "权限范围无效", english: "The requested scope is not valid." },
  // cardepass-v2.md 卡片业务错误: "| CARD_NOT_FOUND | 卡片不存在 | 检查卡片ID是否正确 |" and the rows after it.
  { chinese: "卡片不存在", english: "The card does not exist at the provider." },
  { chinese: "卡片状态不支持操作", english: "The card's status does not allow this action." },
  { chinese: "余额不足", english: "Not enough balance." },
  { chinese: "超出限额", english: "Over the limit." },
  { chinese: "产品不可用", english: "The card product is not available." },
  // cardepass-v2.md 订单相关错误: "| ORDER_NOT_FOUND | 订单不存在 | 检查订单号是否正确 |" and the rows after it.
  { chinese: "订单不存在", english: "The order does not exist at the provider." },
  { chinese: "订单状态不支持操作", english: "The order's status does not allow this action." },
  { chinese: "重复订单", english: "Duplicate order: this order number was used before." },
  // cardepass-v2.md 状态码说明 tables: "| 400 | 参数错误 |", "| 401 | 认证失败 |", "| 401 | 令牌无效 |".
  { chinese: "参数错误", english: "Wrong parameters." },
  { chinese: "认证失败", english: "Authentication failed." },
  { chinese: "令牌无效", english: "The access token is not valid." },
  // nobepay.md, every answer: "msg": "操作成功！"
  { chinese: "操作成功！", english: "Done." },
  // nobepay.md card status: "INIT :开卡中 INIT_CREATE_CARD:创建虚拟卡 INIT_CREATE_CARD_HOLDER:创建持卡人 INIT_ACTIVE_CARD:激活卡片
  // CREATE_CARD_FAILED_REFUND:创建卡失败全额退款 ACTIVE :已激活 FREEZE:已冻结 CANCELLING:删卡中 CANCELED :已删除 DELETED :永久删除 EXPIRED :已过期"
  { chinese: "创建卡失败全额退款", english: "Card creation failed; the deposit was refunded in full." },
  { chinese: "开卡中", english: "Card being opened." },
  { chinese: "创建持卡人", english: "Creating the cardholder." },
  { chinese: "创建虚拟卡", english: "Creating the virtual card." },
  { chinese: "激活卡片", english: "Activating the card." },
  { chinese: "已激活", english: "Active." },
  { chinese: "已冻结", english: "Frozen." },
  { chinese: "删卡中", english: "Card being cancelled." },
  { chinese: "已删除", english: "Cancelled." },
  { chinese: "永久删除", english: "Deleted for good." },
  { chinese: "已过期", english: "Expired." },
  // nobepay.md card/order/list: "CREATE_CARD:创建卡 TOPUP_CARD: 卡充值 WITHDRAW_CARD: 卡取款 CANCEL_CARD: 删卡", and its
  // example's "typeText": "删卡" / "取款" / "充值".
  { chinese: "创建卡", english: "Card created." },
  { chinese: "卡充值", english: "Card top-up." },
  { chinese: "卡取款", english: "Withdrawal from the card." },
  { chinese: "删卡", english: "Card cancelled." },
  { chinese: "充值", english: "Top-up." },
  { chinese: "取款", english: "Withdrawal." },
];

const HAN = /\p{Script=Han}/u;
// Longest first, so a message is read whole before any shorter message inside it (重复订单 before nothing, 卡充值 before 充值).
const BY_LENGTH = [...DOCUMENTED_CHINESE_MESSAGES].sort((a, b) => b.chinese.length - a.chinese.length);

export function hasChinese(text: string): boolean {
  return HAN.test(text);
}

/** `complete` is false when some of the Chinese is none of the documented messages (that part stays unexplained). */
export type ChineseExplanation = { known: true; english: string; complete: boolean } | { known: false };

/**
 * What the Chinese in a provider's text means, in the order it appears: null when the text has no Chinese, `known:
 * false` when its Chinese is none of the documented messages (the original is then shown alone, as written).
 */
export function explainChinese(text: string | null | undefined): ChineseExplanation | null {
  if (!text || !hasChinese(text)) return null;
  let rest = text;
  const found: { at: number; english: string }[] = [];
  for (const { chinese, english } of BY_LENGTH) {
    for (let at = rest.indexOf(chinese); at !== -1; at = rest.indexOf(chinese, at + chinese.length)) {
      found.push({ at, english });
      // Blank it out (same length, so later positions stay true) so no shorter message matches inside it.
      rest = rest.slice(0, at) + " ".repeat(chinese.length) + rest.slice(at + chinese.length);
    }
  }
  if (found.length === 0) return { known: false };
  const english = [...new Set(found.sort((a, b) => a.at - b.at).map((item) => item.english))].join(" ");
  return { known: true, english, complete: !hasChinese(rest) };
}
