import type { TransactionListRow } from "@/db/queries/transactions";
import { unknownProviderCardKey, type ProviderCardRef } from "@/db/queries/unknown-provider-cards";
import type { LedgerStatus } from "@/db/schema/transactions";
import { PROVIDER_LABELS } from "@/components/cards/labels";
import { formatMoney, formatUtcDateTime } from "@/lib/format";
import { KIND_LABELS } from "./labels";

/**
 * What a listed transaction is sent to the browser with: what its row shows (at desktop and phone width) and what the
 * drawer's header shows the moment it opens. Every row of a page is serialised into the page, so anything only the
 * drawer shows is left to the drawer's own request (TransactionView, GET /api/transactions/[id]).
 */
export type TransactionListItem = {
  id: string;
  occurredAt: string;
  occurredAtIso: string;
  status: LedgerStatus;
  kind: string;
  direction: "debit" | "credit";
  amount: string;
  currency: string;
  /** The merchant's own amount when it was in another currency. */
  originalAmount: string | null;
  merchant: string;
  merchantCity: string | null;
  merchantCountry: string | null;
  memo: string | null;
  /** Why a decline was declined, in plain words: shown on its row, so a list of declines says why without opening each. */
  declineReason: string | null;
  cardId: string | null;
  cardLabel: string | null;
  /** cardLabel in two parts for a narrow cell: the name may be cut short, the last four digits never are. */
  cardName: string | null;
  cardDigits: string | null;
  /** Not linked to a card of ours, and the provider has said it does not know the card (deleted there). */
  cardUnknownToProvider: boolean;
  ownerName: string | null;
  provider: string;
};

/** An amount of the row in its currency, signed by the row's direction ("−$12.34", "+$4.00"). */
export function signedAmount(row: Pick<TransactionListRow, "direction">, minor: bigint | null, currency: string | null): string | null {
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
export function toTransactionListItem(row: TransactionListRow, unknownCards?: ReadonlySet<string>): TransactionListItem {
  const card = row.cardAlias ? cardLabelParts(row.cardAlias, row.cardLast4) : null;
  const unlinked = unlinkedCardRef(row);
  return {
    id: row.id,
    occurredAt: formatUtcDateTime(row.occurredAt),
    occurredAtIso: row.occurredAt.toISOString(),
    status: row.status,
    kind: KIND_LABELS[row.type] ?? row.type,
    direction: row.direction,
    amount: signedAmount(row, row.amount, row.currency)!,
    currency: row.currency,
    originalAmount:
      row.originalAmount !== null && row.originalCurrency && row.originalCurrency !== row.currency
        ? signedAmount(row, row.originalAmount, row.originalCurrency)
        : null,
    merchant: row.merchantName ?? row.description ?? "Unnamed merchant",
    merchantCity: row.merchantCity,
    merchantCountry: row.merchantCountry,
    memo: row.memo,
    declineReason: row.declineReason,
    cardId: row.cardId,
    cardLabel: card?.label ?? null,
    cardName: card?.name ?? null,
    cardDigits: card?.digits ?? null,
    cardUnknownToProvider: unlinked !== null && (unknownCards?.has(unknownProviderCardKey(unlinked)) ?? false),
    ownerName: row.ownerName,
    provider: PROVIDER_LABELS[row.provider],
  };
}
