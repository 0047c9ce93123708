import { describe, expect, it } from "vitest";
import { productLabel, productLabelWithOriginal, providerProductName } from "./product-label";

describe("product labels", () => {
  it("shows the display name first, with the provider's name beside it", () => {
    const product = { name: "通用卡", displayName: "General card" };
    expect(productLabel(product)).toBe("General card");
    expect(providerProductName(product)).toBe("通用卡");
    expect(productLabelWithOriginal(product)).toBe("General card · 通用卡");
  });

  it("shows the provider's name alone without a display name (or one equal to it), and nothing without a product", () => {
    for (const product of [{ name: "通用卡", displayName: null }, { name: "通用卡", displayName: "通用卡" }]) {
      expect(productLabel(product)).toBe("通用卡");
      expect(providerProductName(product)).toBeNull();
      expect(productLabelWithOriginal(product)).toBe("通用卡");
    }
    expect(productLabelWithOriginal({ name: null, displayName: null })).toBeNull();
  });
});
