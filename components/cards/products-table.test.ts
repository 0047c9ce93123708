import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import type { ProductWithAccount } from "@/db/queries/products";
import { toProducts } from "@/lib/providers/cardopenapi/transform";
import { ProductsTable } from "./products-table";

// Its server action reaches the sign-in code, which needs Next's runtime; the dialog is not what this test reads.
vi.mock("./rename-product-dialog", () => ({ RenameProductDialog: () => null }));

/** A product row as a refresh stores it (lib/products/refresh-products.ts: details.bin and details.description). */
function stored(overrides: Partial<ProductWithAccount> & Pick<ProductWithAccount, "provider" | "name" | "details">): ProductWithAccount {
  return {
    id: "0b8f3d4e-1111-4222-8333-444455556666",
    providerAccountId: "7c1d2e3f-aaaa-4bbb-8ccc-ddddeeeeffff",
    providerProductId: "cpi_6530de6a2f1c7",
    displayName: null,
    cardModels: ["prepaid"],
    currencies: ["USD"],
    minFirstDeposit: null,
    availableBalance: null,
    balanceCurrency: null,
    fees: {},
    refreshedAt: new Date("2026-12-03T21:00:00Z"),
    accountLabel: "Card OPEN-API sandbox",
    ...overrides,
  };
}

/** A Card OPEN-API BIN as its adapter reads it from the BIN list (status as the provider sends it), then stored. */
function binAsStored(status: number): ProductWithAccount {
  const [product] = toProducts({ total: 1, page_no: 1, page_size: 10, bin_list: [{ bin_id: "cpi_6530de6a2f1c7", bin: "448533", card_brand: "VISA", currency: "USD", open_fee: 1, recharge_fee_rate: 0.015, min_recharge: 10, status }] });
  return stored({ provider: "cardopenapi", name: product!.name, details: { bin: product!.bin, description: product!.description } });
}

const text = (products: ProductWithAccount[]) =>
  renderToStaticMarkup(createElement(ProductsTable, { products, caption: "Products" }))
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");

describe("the products table", () => {
  it("says a Card OPEN-API BIN's status is the provider's undocumented code, never a bare code (UI review 47 L4)", () => {
    const shown = text([binAsStored(1)]);
    // cardopenapi.md names a "Bin Status" table (line 13) and gives none of its values: what a code means is not stated.
    expect(shown).toContain("BIN status code 1 at Card OPEN-API (its codes are not documented)");
    expect(shown).not.toContain("BIN status: 1");
    expect(text([binAsStored(2)])).toContain("BIN status code 2 at Card OPEN-API (its codes are not documented)");
  });

  it("shows another provider's description as it gives it, and none that only repeats the product's name", () => {
    expect(text([stored({ provider: "cardepass", providerProductId: "DGG0C4JD", name: "通用卡", details: { description: "Virtual card for online spend" } })])).toContain("Virtual card for online spend");
    expect(text([stored({ provider: "cardepass", providerProductId: "DGG0C4JD", name: "通用卡", details: { description: "通用卡" } })]).match(/通用卡/g)).toHaveLength(1);
  });
});
