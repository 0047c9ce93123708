import { describe, expect, it } from "vitest";
import { unknownProviderCardKey } from "@/db/queries/unknown-provider-cards";
import { TRANSACTION_ROW_ACCOUNT, transactionListRow } from "@/test/transaction-rows";
import { cardLabelParts } from "./transaction-list-item";
import { toTransactionView } from "./transaction-view";

const VIEWER = { id: "viewer", roles: ["employee"] };

const row = transactionListRow;

describe("a transaction whose card the provider does not know", () => {
  const unknown = new Set([unknownProviderCardKey({ providerAccountId: TRANSACTION_ROW_ACCOUNT, providerCardId: "66a0c0de0000000000000003" })]);

  it("is marked when its card id is among the unknown ones", () => {
    expect(toTransactionView(row({}), VIEWER, unknown)).toMatchObject({ cardUnknownToProvider: true, unlinkedProviderCardId: "66a0c0de0000000000000003" });
  });

  it("is not marked while its card may still be linked, or once it is", () => {
    expect(toTransactionView(row({ providerCardId: "66a0c0de0000000000000001" }), VIEWER, unknown).cardUnknownToProvider).toBe(false);
    expect(toTransactionView(row({}), VIEWER).cardUnknownToProvider).toBe(false);
    expect(toTransactionView(row({ cardId: "0b1c2d3e-4444-4a8e-9d55-1c2b3a4d5e6f", cardAlias: "Travel" }), VIEWER, unknown)).toMatchObject({ cardUnknownToProvider: false, unlinkedProviderCardId: null });
  });
});

describe("cardLabelParts", () => {
  it("adds the last four digits once, split from the name", () => {
    expect(cardLabelParts("Emma – Travel", "9022")).toEqual({ label: "Emma – Travel ·· 9022", name: "Emma – Travel", digits: "·· 9022" });
  });

  it("does not repeat the last four digits a name already ends in, and keeps them apart from the name", () => {
    expect(cardLabelParts("NobePay sandbox card 8531", "8531")).toEqual({ label: "NobePay sandbox card 8531", name: "NobePay sandbox card", digits: "8531" });
    expect(cardLabelParts("Ads ·· 8531", "8531")).toEqual({ label: "Ads ·· 8531", name: "Ads", digits: "·· 8531" });
  });

  it("still adds them when the name only ends in the same digits as part of a longer number", () => {
    expect(cardLabelParts("Batch 18531", "8531")).toMatchObject({ label: "Batch 18531 ·· 8531", digits: "·· 8531" });
  });

  it("names a card without known digits by its alias alone", () => {
    expect(cardLabelParts("Travel", null)).toEqual({ label: "Travel", name: "Travel", digits: null });
  });

  it("gives the list row both parts", () => {
    const view = toTransactionView(row({ cardId: "0b1c2d3e-4444-4a8e-9d55-1c2b3a4d5e6f", cardAlias: "NobePay sandbox card 5072", cardLast4: "5072" }), VIEWER);
    expect(view).toMatchObject({ cardLabel: "NobePay sandbox card 5072", cardName: "NobePay sandbox card", cardDigits: "5072" });
  });
});

describe("the memo form", () => {
  it("is offered to the cardholder only, and not to one who is only an auditor (the server refuses them too)", () => {
    expect(toTransactionView(row({ ownerUserId: "viewer" }), VIEWER).mayEditMemo).toBe(true);
    expect(toTransactionView(row({ ownerUserId: "someone-else" }), VIEWER).mayEditMemo).toBe(false);
    expect(toTransactionView(row({ ownerUserId: null }), VIEWER).mayEditMemo).toBe(false);
    expect(toTransactionView(row({ ownerUserId: "viewer" }), { id: "viewer", roles: ["auditor"] }).mayEditMemo).toBe(false);
    expect(toTransactionView(row({ ownerUserId: "viewer" }), { id: "viewer", roles: ["auditor", "employee"] }).mayEditMemo).toBe(true);
  });
});
