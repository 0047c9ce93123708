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
    // cardepass-v1.md card detail: "productCode": "0BN03HNK"; Card OPEN-API card_list: bin_id. An imported card is
    // linked to the product its provider names once Cardhub has read that product (lib/cards/sync-card.ts), so one
    // without is a card whose provider named none (cardepass-v2.md's card detail has no productCode) or one not read.
    expect(cardProductText(unlinked("cardepass"))).toBe("Not known: Cardepass named none of the products Cardhub has read");
    expect(cardProductText(unlinked("cardopenapi"))).toBe("Not known: Card OPEN-API named none of the products Cardhub has read");
  });
});
