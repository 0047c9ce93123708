/** NobePay amounts: every one is US cents, whatever currency stands beside it. */
import type { Money } from "@/lib/money";
import { malformed, minorOrNull, textOrNull, type Amountish } from "@/lib/providers/normalize";

const P = "nobepay" as const;
const USD = "USD";

/**
 * MONEY: nobepay.md makes every amount US cents ("deposit 为虚拟卡充值(初始存款)金额，1 代表 1 美分，即 1000 代表 $10.00，
 * 本系统中所有金额(例如balance, consume)都采用此规则"; transactions v2: "preAuthAmount | integer | 预授权金额, 1000 代表
 * 10.00 美元"; card segments: "└currency | string | 目前统一为USD", "└amount | integer | 账户余额，1000 代表 $10.00"). An
 * amount beside another currency cannot be read as the document defines it (a -1000 "JPY" was stored as ¥1,000, a KWD
 * one as 1.000), so it is unreadable (`what` names the record in the error). No currency stated (null or blank): US
 * cents, as the document says; a currency beside no amount misreads nothing.
 */
export function usCents(value: Amountish, currency: string | null | undefined, field: string, what: string): Money | null {
  const amount = minorOrNull(P, value, USD, field);
  const stated = textOrNull(currency)?.toUpperCase() ?? USD;
  if (amount && stated !== USD) throw malformed(P, `${what}: ${field} is in ${stated}, but NobePay states every amount in US cents`);
  return amount;
}
