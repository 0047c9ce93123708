import { describe, expect, it } from "vitest";
import type { IssueProduct } from "@/components/cards/issue-card-types";
import { requestableProducts } from "./requestable-products";

const product = (providerAccountId: string, providerProductId: string, cardModels: IssueProduct["cardModels"]): IssueProduct => ({
  providerAccountId,
  providerProductId,
  name: providerProductId,
  displayName: null,
  bin: null,
  cardModels,
  currencies: ["USD"],
  minFirstDeposit: null,
  availableBalance: null,
  balanceCurrency: null,
  fees: {},
  usStates: [],
});

describe("requestableProducts", () => {
  const accounts = [
    { id: "v1", provider: "cardepass" as const, settings: {} },
    { id: "v2", provider: "cardepass" as const, settings: { apiVersion: "v2" } },
    { id: "coa", provider: "cardopenapi" as const, settings: { apiVersion: "v2" } },
  ];

  it("leaves out the Standard model of a Cardepass v2 account (its cards are issued empty, a request's terms are an amount), and a product left with none", () => {
    const offered = [
      product("v2", "both", ["sharebalance", "standard"]),
      product("v2", "standard-only", ["standard"]),
      product("v1", "standard-v1", ["standard"]),
      product("coa", "coa", ["standard"]),
    ];
    expect(requestableProducts(offered, accounts).map((p) => [p.providerProductId, p.cardModels])).toEqual([
      ["both", ["sharebalance"]],
      ["standard-v1", ["standard"]],
      ["coa", ["standard"]],
    ]);
  });
});
