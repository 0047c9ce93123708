import type { TransactionListRow } from "@/db/queries/transactions";
import { unknownProviderCardKey, type ProviderCardRef } from "@/db/queries/unknown-provider-cards";
import type { LedgerStatus } from "@/db/schema/transactions";
import { PROVIDER_LABELS } from "@/components/cards/labels";
import { formatMoney, formatUtcDateTime } from "@/lib/format";
import { KIND_LABELS } from "./labels";
import { whyNoMemo, type MemoWriter } from "@/lib/transactions/memo-rights";

/** What the browser gets for one transaction: already formatted, no bigint, nothing the viewer may not see. */
export type TransactionView = {
  id: string;
  occurredAt: string;
  occurredAtIso: string;
  authorisedAt: string | null;
  settledAt: string | null;
  status: LedgerStatus;
  providerStatus: string | null;
  kind: string;
  providerType: string | null;
  direction: "debit" | "credit";
  amount: string;
  currency: string;
  authorisedAmount: string | null;
  settledAmount: string | null;
  originalAmount: string | null;
  merchant: string;
  merchantCity: string | null;
  merchantCountry: string | null;
  merchantCategory: string | null;
  description: string | null;
  declineReason: string | null;
  providerDeclineReason: string | null;
  memo: string | null;
  mayEditMemo: boolean;
  providerTransactionId: string;
  cardId: string | null;
  cardLabel: string | null;
  /** cardLabel in two parts for a narrow cell: the name may be cut short, the last four digits never are. */
  cardName: string | null;
  cardDigits: string | null;
  /** Not linked to a card of ours, and the provider has said it does not know the card (deleted there). */
  cardUnknownToProvider: boolean;
  /** The provider's id of the card while the row is not linked to a card of ours (to ask the provider about it). */
  unlinkedProviderCardId: string | null;
  ownerName: string | null;
  teamName: string | null;
  provider: string;
  accountLabel: string;
};

function signed(row: TransactionListRow, minor: bigint | null, currency: string | null): string | null {
  if (minor === null || !currency) return null;
  const text = formatMoney(minor, currency);
  return row.direction === "debit" && minor !== 0n ? `−${text}` : `+${text}`;
}

/** The provider card a row names while it is not linked to a card of ours; null once linked, or when it names none. */
export function unlinkedCardRef(row: TransactionListRow): ProviderCardRef | null {
  return row.cardId === null && row.providerCardId !== null ? { providerAccountId: row.providerAccountId, providerCardId: row.providerCardId } : null;
}

/**
 * A card named for a person: its alias and, once, its last four digits. Provider-made aliases often already end in
 * them ("NobePay sandbox card 8531"): those are not repeated, but split off so a cut-short name keeps them.
 */
export function cardLabelParts(alias: string, last4: string | null): { label: string; name: string; digits: string | null } {
  if (!last4) return { label: alias, name: alias, digits: null };
  const named = alias.match(new RegExp(`^(.*?)[\\s·*•-]*${last4.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
  const name = named?.[1];
  if (name !== undefined && !/\d$/.test(name)) return { label: alias, name, digits: alias.slice(name.length).trimStart() };
  return { label: `${alias} ·· ${last4}`, name: alias, digits: `·· ${last4}` };
}

/** `unknownCards`: findUnknownProviderCards' answer for the page's unlinked rows, when the caller asked. */
export function toTransactionView(row: TransactionListRow, viewer: MemoWriter, unknownCards?: ReadonlySet<string>): TransactionView {
  const card = row.cardAlias ? cardLabelParts(row.cardAlias, row.cardLast4) : null;
  const unlinked = unlinkedCardRef(row);
  return {
    id: row.id,
    occurredAt: formatUtcDateTime(row.occurredAt),
    occurredAtIso: row.occurredAt.toISOString(),
    authorisedAt: row.authorisedAt ? formatUtcDateTime(row.authorisedAt) : null,
    settledAt: row.settledAt ? formatUtcDateTime(row.settledAt) : null,
    status: row.status,
    providerStatus: row.providerStatus,
    kind: KIND_LABELS[row.type] ?? row.type,
    providerType: row.providerType,
    direction: row.direction,
    amount: signed(row, row.amount, row.currency)!,
    currency: row.currency,
    authorisedAmount: signed(row, row.authorisedAmount, row.authorisedCurrency),
    settledAmount: signed(row, row.settledAmount, row.settledCurrency),
    originalAmount:
      row.originalAmount !== null && row.originalCurrency && row.originalCurrency !== row.currency
        ? signed(row, row.originalAmount, row.originalCurrency)
        : null,
    merchant: row.merchantName ?? row.description ?? "Unnamed merchant",
    merchantCity: row.merchantCity,
    merchantCountry: row.merchantCountry,
    merchantCategory: row.merchantCategory,
    description: row.description && row.description !== row.merchantName ? row.description : null,
    declineReason: row.declineReason,
    providerDeclineReason: row.providerDeclineReason,
    memo: row.memo,
    mayEditMemo: whyNoMemo(viewer, row.ownerUserId) === null,
    providerTransactionId: row.providerTransactionId,
    cardId: row.cardId,
    cardLabel: card?.label ?? null,
    cardName: card?.name ?? null,
    cardDigits: card?.digits ?? null,
    unlinkedProviderCardId: unlinked?.providerCardId ?? null,
    cardUnknownToProvider: unlinked !== null && (unknownCards?.has(unknownProviderCardKey(unlinked)) ?? false),
    ownerName: row.ownerName,
    teamName: row.teamName,
    provider: PROVIDER_LABELS[row.provider],
    accountLabel: row.accountLabel,
  };
}
