import { describe, expect, it } from "vitest";
import type { CardListRow } from "@/db/queries/cards";
import { toCardsTableRow } from "./cards-table-row";

const row: CardListRow = {
  id: "7c6b1b7e-3f7e-4a55-9d8e-2f1f0c7f4a01",
  alias: "Travel",
  tags: ["ops"],
  maskedNumber: "411111******4242",
  last4: "4242",
  ownerUserId: "0b0e7e55-1d34-4c3a-9a6f-5f0e7c7f4a02",
  ownerName: "Maya Evans",
  teamId: "1c1e7e55-1d34-4c3a-9a6f-5f0e7c7f4a03",
  teamName: "Sales",
  provider: "cardopenapi",
  accountLabel: "Main account",
  accountActive: true,
  cardModel: "sharebalance",
  productName: "VISA 448533",
  productDisplayName: "Travel card",
  status: "frozen",
  providerStatus: "6",
  providerMissingSince: null,
  providerReopenedSince: new Date("2026-11-30T10:00:00Z"),
  currency: "USD",
  balance: null,
  limitPerTransaction: 50_000n,
  limitLifetime: 500_000n,
  limitUsed: 12_345n,
  createdAt: new Date("2026-11-01T08:00:00Z"),
  updatedAt: new Date("2026-11-01T08:00:00Z"),
  createdByUserId: "2d2e7e55-1d34-4c3a-9a6f-5f0e7c7f4a04",
};

describe("toCardsTableRow", () => {
  it("keeps what a row of the cards list shows, its reported-lost state and its spending meter included", () => {
    const sent = toCardsTableRow(row);
    expect(sent).toEqual({
      id: row.id,
      alias: "Travel",
      tags: ["ops"],
      maskedNumber: "411111******4242",
      last4: "4242",
      ownerName: "Maya Evans",
      teamName: "Sales",
      provider: "cardopenapi",
      cardModel: "sharebalance",
      productName: "VISA 448533",
      productDisplayName: "Travel card",
      status: "frozen",
      providerStatus: "6",
      providerMissingSince: null,
      providerReopenedSince: new Date("2026-11-30T10:00:00Z"),
      currency: "USD",
      balance: null,
      limitLifetime: 500_000n,
      limitUsed: 12_345n,
      createdAt: new Date("2026-11-01T08:00:00Z"),
      imported: false,
    });
  });

  it("marks a card imported from its provider (no one issued it here): its date is the import's", () => {
    expect(toCardsTableRow({ ...row, createdByUserId: null }).imported).toBe(true);
  });

  it("leaves the ids and account fields the list query reads for the server out of what every row sends the browser", () => {
    const sent = toCardsTableRow(row) as Record<string, unknown>;
    for (const field of ["ownerUserId", "createdByUserId", "teamId", "accountLabel", "accountActive", "limitPerTransaction"]) expect(sent).not.toHaveProperty(field);
  });
});
