import { describe, expect, it } from "vitest";
import { unknownProviderCardKey } from "@/db/queries/unknown-provider-cards";
import { TRANSACTION_ROW_ACCOUNT, transactionListRow } from "@/test/transaction-rows";
import { toTransactionListItem } from "./transaction-list-item";
import { toTransactionView } from "./transaction-view";

const VIEWER = { id: "owner", roles: ["employee"] };

/** A row with every field the drawer shows filled in, so a field that leaks into the list row is not hidden by null. */
const FULL = transactionListRow({
  authorisedAt: new Date("2026-11-30T09:15:00Z"),
  settledAt: new Date("2026-12-01T02:00:00Z"),
  authorisedAmount: 1234n,
  authorisedCurrency: "USD",
  settledAmount: 1234n,
  settledCurrency: "USD",
  originalAmount: 1100n,
  originalCurrency: "EUR",
  merchantCity: "San Francisco",
  merchantCountry: "US",
  merchantCategory: "5734",
  description: "FIGMA MONTHLY",
  declineReason: "Not enough money on the card or funding account",
  providerDeclineReason: "balance not enough",
  memo: "Design seats",
  providerTransactionId: "tx-provider-1",
  cardId: "0b1c2d3e-4444-4a8e-9d55-1c2b3a4d5e6f",
  ownerUserId: "owner",
  teamId: "0b1c2d3e-5555-4a8e-9d55-1c2b3a4d5e6f",
  cardAlias: "Design tools",
  cardLast4: "4242",
  ownerName: "Eli Employee",
  ownerEmail: "employee@demo.test",
  teamName: "Operations",
});

/** What a list row is sent with: every listed row of a page is serialised into it, so this list only grows on purpose. */
const LISTED_FIELDS = [
  "amount",
  "cardDigits",
  "cardId",
  "cardLabel",
  "cardName",
  "cardUnknownToProvider",
  "currency",
  "declineReason",
  "direction",
  "id",
  "kind",
  "memo",
  "merchant",
  "merchantCity",
  "merchantCountry",
  "occurredAt",
  "occurredAtIso",
  "originalAmount",
  "ownerName",
  "provider",
  "status",
];

describe("a transaction's list row", () => {
  it("carries only what the list and the drawer's header show", () => {
    expect(Object.keys(toTransactionListItem(FULL)).sort()).toEqual(LISTED_FIELDS);
  });

  it("leaves the drawer's fields, and the owner's email, to the drawer's own request", () => {
    const listed = toTransactionListItem(FULL) as Record<string, unknown>;
    for (const field of [
      "providerTransactionId",
      "accountLabel",
      "providerDeclineReason",
      "authorisedAmount",
      "settledAmount",
      "providerStatus",
      "providerType",
      "merchantCategory",
      "description",
      "teamName",
      "unlinkedProviderCardId",
      "mayEditMemo",
      "ownerEmail",
      "ownerUserId",
      "organizationId",
    ]) {
      expect(listed, field).not.toHaveProperty(field);
    }
    expect(JSON.stringify(listed)).not.toContain("tx-provider-1");
    expect(JSON.stringify(listed)).not.toContain("employee@demo.test");
  });

  it("says what the full view says about every field they share", () => {
    const listed = toTransactionListItem(FULL);
    const full = toTransactionView(FULL, VIEWER);
    expect(full).toMatchObject(listed);
    expect(listed).toMatchObject({ amount: "−$12.34", originalAmount: "−€11.00", occurredAt: "2026-11-30 09:15 UTC", kind: "Purchase", cardDigits: "·· 4242" });
    // A decline's reason in plain words travels with its row (the list shows it); the provider's own words do not.
    expect(listed.declineReason).toBe("Not enough money on the card or funding account");
  });

  it("marks a card the provider does not know, as the full view does", () => {
    const unlinked = { ...FULL, cardId: null, cardAlias: null, cardLast4: null };
    const unknown = new Set([unknownProviderCardKey({ providerAccountId: TRANSACTION_ROW_ACCOUNT, providerCardId: FULL.providerCardId! })]);
    expect(toTransactionListItem(unlinked, unknown).cardUnknownToProvider).toBe(true);
    expect(toTransactionListItem(unlinked).cardUnknownToProvider).toBe(false);
  });
});
