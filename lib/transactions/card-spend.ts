import type { DbOrTx } from "@/db/client";
import { spendThisMonth } from "@/db/queries/transactions-card-spend";
import type { VisibilityFilter } from "@/lib/auth/permissions";
import { isNeverIssued } from "@/lib/cards/never-issued";
import { formatMoney } from "@/lib/format";
import type { CardStatus } from "@/lib/providers/types";

/**
 * "Spent this month" for a page of cards, formatted: the card's own currency first, any other currency after it. Of
 * the rows `visibility` (the viewer's transaction.view) may see. A card never issued has no entry (the list shows "—",
 * as for its balance): it can never spend, and "$0.00" would read as a card that merely did not.
 */
export async function spentThisMonthByCard(
  db: DbOrTx,
  cards: readonly { id: string; currency: string; status: CardStatus }[],
  visibility: VisibilityFilter,
  now?: Date,
): Promise<Record<string, string>> {
  const issued = cards.filter((card) => !isNeverIssued(card));
  const result: Record<string, string> = {};
  if (issued.length === 0) return result;
  const spend = await spendThisMonth(db, { cardIds: issued.map((card) => card.id), visibility, now });
  for (const card of issued) {
    const amounts = (spend.get(card.id) ?? []).sort((a, b) =>
      a.currency === card.currency
        ? -1
        : b.currency === card.currency
          ? 1
          : a.currency.localeCompare(b.currency),
    );
    result[card.id] =
      amounts.length === 0
        ? formatMoney(0n, card.currency)
        : amounts.map((item) => formatMoney(item.amount, item.currency)).join(" + ");
  }
  return result;
}
