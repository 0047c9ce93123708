import type { CardListRow } from "@/db/queries/cards";

/**
 * What a listed card is sent to the browser with: what its row shows at desktop and phone width, nothing more. Every
 * row of a page is serialised into the page (and its HTML carries that payload again), so the ids and account fields
 * the list query returns for the server's own use stay on the server.
 */
export type CardsTableRow = Pick<
  CardListRow,
  | "id"
  | "alias"
  | "tags"
  | "maskedNumber"
  | "last4"
  | "ownerName"
  | "teamName"
  | "provider"
  | "cardModel"
  | "productName"
  | "productDisplayName"
  | "status"
  | "providerStatus"
  | "providerMissingSince"
  | "providerReopenedSince"
  | "currency"
  | "balance"
  | "limitLifetime"
  | "limitUsed"
  | "createdAt"
> & {
  /** Taken in from its provider (no one issued it here): its date is the import's. */
  imported: boolean;
};

export function toCardsTableRow(row: CardListRow): CardsTableRow {
  return {
    id: row.id,
    alias: row.alias,
    tags: row.tags,
    maskedNumber: row.maskedNumber,
    last4: row.last4,
    ownerName: row.ownerName,
    teamName: row.teamName,
    provider: row.provider,
    cardModel: row.cardModel,
    productName: row.productName,
    productDisplayName: row.productDisplayName,
    status: row.status,
    providerStatus: row.providerStatus,
    providerMissingSince: row.providerMissingSince,
    providerReopenedSince: row.providerReopenedSince,
    currency: row.currency,
    balance: row.balance,
    limitLifetime: row.limitLifetime,
    limitUsed: row.limitUsed,
    createdAt: row.createdAt,
    imported: row.createdByUserId === null,
  };
}
