import type { DbOrTx } from "@/db/client";
import { spendThisMonth } from "@/db/queries/transactions-card-spend";
import type { VisibilityFilter } from "@/lib/auth/permissions";
import { formatMoney } from "@/lib/format";

/**
 * "Spent this month" for a page of cards, formatted: the card's own currency first, any other currency after it. Of
 * the rows `visibility` (the viewer's transaction.view) may see.
 */
export async function spentThisMonthByCard(
  db: DbOrTx,
  cards: readonly { id: string; currency: string }[],
  visibility: VisibilityFilter,
  now?: Date,
): Promise<Record<string, string>> {
  const spend = await spendThisMonth(db, { cardIds: cards.map((card) => card.id), visibility, now });
  const result: Record<string, string> = {};
  for (const card of cards) {
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
