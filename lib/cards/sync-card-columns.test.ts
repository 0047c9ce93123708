import { describe, expect, it } from "vitest";
import { toCard } from "@/lib/providers/cardepass/transform";
import { cardColumnsFrom } from "./sync-card";

// cardepass-v2.md, GET /v1/cards/{cardId}, 响应示例: a ShareBalance card's detail names its limits and no usage.
const V2_SHAREBALANCE_DETAIL = {
  cardId: "68085ad8b85b8cf3d3f3087e",
  cardAlias: "测试卡片",
  cardModel: "ShareBalance",
  cardCurrency: "USD",
  cardStatus: "Active",
  balance: 100.5,
  maxAuthAmount: 500,
  maxCreditAmount: 1000,
  createdOn: "2025-01-15T10:30:00Z",
};

describe("a card's columns from its provider detail", () => {
  it("leaves a ShareBalance card's use unknown when the detail reports none (Cardepass v2), never zero", () => {
    const columns = cardColumnsFrom(toCard(V2_SHAREBALANCE_DETAIL), "USD");
    expect(columns).toMatchObject({ limitPerTransaction: 50_000n, limitLifetime: 100_000n, limitUsed: null });
  });

  it("keeps the use a detail reports (Cardepass v1 usedCreditAmount)", () => {
    const columns = cardColumnsFrom(toCard({ ...V2_SHAREBALANCE_DETAIL, usedCreditAmount: 899.5 }), "USD");
    expect(columns.limitUsed).toBe(89_950n);
  });
});
