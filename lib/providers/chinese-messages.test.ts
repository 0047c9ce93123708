import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DOCUMENTED_CHINESE_MESSAGES, explainChinese } from "./chinese-messages";

const docs = ["cardepass-v1.md", "cardepass-v2.md", "nobepay.md", "cardopenapi.md"].map((name) =>
  readFileSync(path.resolve(import.meta.dirname, "../../docs/provider-docs", name), "utf8"),
);

describe("documented Chinese provider messages", () => {
  it("are each written, character for character, in one of the providers' documents", () => {
    for (const { chinese } of DOCUMENTED_CHINESE_MESSAGES) expect(docs.some((doc) => doc.includes(chinese)), chinese).toBe(true);
  });

  it("cover the Cardepass v2 error tables and the v1 funding refusal", () => {
    const v2 = docs[1]!;
    // cardepass-v2.md: "| CARD_STATUS_INVALID      | 卡片状态不支持操作 | 检查卡片当前状态        |" — every business error's 错误说明.
    const businessErrors = [...v2.matchAll(/^\| ([A-Z_]+)\s+\| (\S+)\s+\|/gm)].map((match) => match[2]!);
    expect(businessErrors).toEqual(["卡片不存在", "卡片状态不支持操作", "余额不足", "超出限额", "产品不可用", "订单不存在", "订单状态不支持操作", "重复订单"]);
    for (const chinese of businessErrors) expect(explainChinese(chinese), chinese).toMatchObject({ known: true, complete: true });
    // cardepass-v1.md: "errorMessage": "您的资金账户资金不足，请转入资金后使用，谢谢！"
    expect(docs[0]).toContain('"errorMessage": "您的资金账户资金不足，请转入资金后使用，谢谢！"');
    expect(explainChinese("您的资金账户资金不足，请转入资金后使用，谢谢！")).toEqual({
      known: true,
      complete: true,
      english: "The funding account does not have enough money: transfer funds into it, then try again.",
    });
  });
});

describe("explainChinese", () => {
  it("leaves text without Chinese alone", () => {
    expect(explainChinese("Insufficient balance")).toBeNull();
    expect(explainChinese("")).toBeNull();
    expect(explainChinese(null)).toBeNull();
  });

  it("explains a message inside the app's own sentence, as an order failure or a sync error carries it", () => {
    expect(explainChinese("The provider reports insufficient funds. (provider says: 余额不足)")).toEqual({ known: true, complete: true, english: "Not enough balance." });
    // The sandbox's CARD_STATUS_INVALID adds the status after a colon: the documented part is still explained.
    expect(explainChinese("卡片状态不支持操作: Blocked")).toEqual({ known: true, complete: true, english: "The card's status does not allow this action." });
  });

  it("reads the longest documented message first, never a shorter one inside it", () => {
    // 卡充值 (card top-up) holds 充值 (top-up); 创建卡失败全额退款 holds 创建卡.
    expect(explainChinese("卡充值")).toMatchObject({ english: "Card top-up." });
    expect(explainChinese("创建卡失败全额退款")).toMatchObject({ english: "Card creation failed; the deposit was refunded in full." });
    // 请求参数错误 holds 参数错误.
    expect(explainChinese("请求参数错误")).toMatchObject({ english: "The request's parameters are wrong." });
  });

  it("explains several messages in the order they appear, each once", () => {
    expect(explainChinese("重复订单 / 余额不足 / 重复订单")).toMatchObject({ english: "Duplicate order: this order number was used before. Not enough balance." });
  });

  it("says when the Chinese is not a documented message, or only partly one", () => {
    expect(explainChinese("风控拦截")).toEqual({ known: false });
    expect(explainChinese("余额不足，风控拦截")).toEqual({ known: true, complete: false, english: "Not enough balance." });
  });
});
