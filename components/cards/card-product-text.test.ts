import { describe, expect, it } from "vitest";
import type { ProviderName } from "@/lib/providers/types";
import { cardProductText } from "./card-product-text";

const unlinked = (provider: ProviderName) => ({ provider, productName: null, productDisplayName: null, providerProductId: null });

describe("cardProductText", () => {
  it("names the card's product, the administrator's name first, with the provider's code", () => {
    expect(cardProductText({ provider: "cardepass", productName: "通用卡", productDisplayName: "General card", providerProductId: "DGG0C4JD" })).toBe("General card · 通用卡 (DGG0C4JD)");
    expect(cardProductText({ provider: "nobepay", productName: "VISA 448533", productDisplayName: null, providerProductId: null })).toBe("VISA 448533");
  });

  it("says why a card has no product rather than a bare dash, as far as each provider's card data goes", () => {
    // nobepay.md: the card segment (vid, 卡段id) is named in the segment list (/card/vd/list) and when opening a card,
    // not in a card's own data, so a card read from NobePay has none.
    expect(cardProductText(unlinked("nobepay"))).toBe("Not stated by NobePay");
    // cardepass-v1.md card detail: "productCode": "0BN03HNK"; Card OPEN-API card_list: bin_id. The provider states it:
    // Cardhub links a product only to the cards it issues, not to the cards it imports.
    expect(cardProductText(unlinked("cardepass"))).toBe("Not recorded for a card imported from Cardepass");
    expect(cardProductText(unlinked("cardopenapi"))).toBe("Not recorded for a card imported from Card OPEN-API");
  });
});
