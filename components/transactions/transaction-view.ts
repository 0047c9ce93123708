import type { TransactionListRow } from "@/db/queries/transactions";
import { whyNoMemo, type MemoWriter } from "@/lib/transactions/memo-rights";
import { formatUtcDateTime } from "@/lib/format";
import { signedAmount, toTransactionListItem, unlinkedCardRef, type TransactionListItem } from "./transaction-list-item";

/**
 * One transaction in full, for its detail drawer (GET /api/transactions/[id]): the list row's fields and everything
 * else the drawer shows. Already formatted, no bigint, nothing the viewer may not see.
 */
export type TransactionView = TransactionListItem & {
  authorisedAt: string | null;
  settledAt: string | null;
  providerStatus: string | null;
  providerType: string | null;
  authorisedAmount: string | null;
  settledAmount: string | null;
  merchantCategory: string | null;
  description: string | null;
  declineReason: string | null;
  providerDeclineReason: string | null;
  mayEditMemo: boolean;
  providerTransactionId: string;
  /** The provider's id of the card while the row is not linked to a card of ours (to ask the provider about it). */
  unlinkedProviderCardId: string | null;
  teamName: string | null;
  accountLabel: string;
};

/** `unknownCards`: findUnknownProviderCards' answer for the row's unlinked card, when the caller asked. */
export function toTransactionView(row: TransactionListRow, viewer: MemoWriter, unknownCards?: ReadonlySet<string>): TransactionView {
  return {
    ...toTransactionListItem(row, unknownCards),
    authorisedAt: row.authorisedAt ? formatUtcDateTime(row.authorisedAt) : null,
    settledAt: row.settledAt ? formatUtcDateTime(row.settledAt) : null,
    providerStatus: row.providerStatus,
    providerType: row.providerType,
    authorisedAmount: signedAmount(row, row.authorisedAmount, row.authorisedCurrency),
    settledAmount: signedAmount(row, row.settledAmount, row.settledCurrency),
    merchantCategory: row.merchantCategory,
    description: row.description && row.description !== row.merchantName ? row.description : null,
    declineReason: row.declineReason,
    providerDeclineReason: row.providerDeclineReason,
    mayEditMemo: whyNoMemo(viewer, row.ownerUserId) === null,
    providerTransactionId: row.providerTransactionId,
    unlinkedProviderCardId: unlinkedCardRef(row)?.providerCardId ?? null,
    teamName: row.teamName,
    accountLabel: row.accountLabel,
  };
}
