import type { TransactionListRow } from "@/db/queries/transactions";

/** The provider account the rows below belong to. */
export const TRANSACTION_ROW_ACCOUNT = "6f0b7c62-1111-4a8e-9d55-1c2b3a4d5e6f";

/**
 * A transaction list row as the list query returns it, with only what every row has (a settled Cardepass purchase
 * whose card Cardhub does not hold), and `overrides` on top.
 */
export function transactionListRow(overrides: Partial<TransactionListRow>): TransactionListRow {
  return {
    id: "0b1c2d3e-2222-4a8e-9d55-1c2b3a4d5e6f",
    organizationId: "0b1c2d3e-3333-4a8e-9d55-1c2b3a4d5e6f",
    occurredAt: new Date("2026-11-30T09:15:00Z"),
    authorisedAt: null,
    settledAt: null,
    status: "settled",
    providerStatus: "SUCCESS",
    type: "purchase",
    providerType: "CONSUME",
    direction: "debit",
    amount: 1234n,
    currency: "USD",
    authorisedAmount: null,
    authorisedCurrency: null,
    settledAmount: null,
    settledCurrency: null,
    originalAmount: null,
    originalCurrency: null,
    merchantName: "FIGMA",
    merchantCity: null,
    merchantCountry: null,
    merchantCategory: null,
    description: null,
    declineReason: null,
    providerDeclineReason: null,
    memo: null,
    providerTransactionId: "tx-1",
    cardId: null,
    providerAccountId: TRANSACTION_ROW_ACCOUNT,
    providerCardId: "66a0c0de0000000000000003",
    ownerUserId: null,
    teamId: null,
    cardAlias: null,
    cardLast4: null,
    ownerName: null,
    ownerEmail: null,
    teamName: null,
    provider: "cardepass",
    accountLabel: "Cardepass sandbox",
    ...overrides,
  };
}
