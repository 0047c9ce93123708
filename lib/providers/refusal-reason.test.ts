import { describe, expect, it } from "vitest";
import { explainChinese } from "./chinese-messages";
import { ProviderError } from "./errors";
import { refusalReason } from "./refusal-reason";

// As Cardepass's refused apply is stored: ProviderError's sentence for the code, then the provider's own words.
const refused = new ProviderError("insufficient_funds", { providerMessage: "您的资金账户资金不足，请转入资金后使用，谢谢！" }).message;
const shown = (message: string, type: string | null) => refusalReason(message, explainChinese(message), type);

describe("refusalReason", () => {
  it("keeps only the provider's words when its documents explain all of their Chinese: the explanation is the one English reading", () => {
    expect(refused).toBe("There is not enough money in the funding account (or on the card) for this operation. (provider says: 您的资金账户资金不足，请转入资金后使用，谢谢！)");
    expect(shown(refused, "issue")).toBe("您的资金账户资金不足，请转入资金后使用，谢谢！");
    expect(shown(refused, "topup")).toBe("您的资金账户资金不足，请转入资金后使用，谢谢！");
  });

  it("does not speak of money on the card for a refused issue, when Cardhub's sentence stays", () => {
    const english = new ProviderError("insufficient_funds", { providerMessage: "Insufficient balance" }).message;
    expect(shown(english, "issue")).toBe("There is not enough money in the funding account to issue the card. (provider says: Insufficient balance)");
    expect(shown(english, "topup")).toBe(english);
    expect(shown("There is not enough money in the funding account (or on the card) for this operation.", "issue")).toBe("There is not enough money in the funding account to issue the card.");
  });

  it("keeps the whole text when the Chinese is not fully explained, or when no explanation was worked out", () => {
    const partly = new ProviderError("insufficient_funds", { providerMessage: "余额不足，风控拦截" }).message;
    expect(shown(partly, "topup")).toBe(partly);
    expect(refusalReason(refused, null, "topup")).toBe(refused);
    expect(shown("The card provider rejected the request as invalid.", "issue")).toBe("The card provider rejected the request as invalid.");
  });
});
