import Link from "next/link";
import { EmptyState } from "@/components/layout/empty-state";
import { getDb } from "@/db/client";
import { listTransactions, transactionsVersion } from "@/db/queries/transactions";
import { visibilityFor } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { isNeverIssued } from "@/lib/cards/never-issued";
import type { CardStatus } from "@/lib/providers/types";
import { spentThisMonthByCard } from "@/lib/transactions/card-spend";
import { TransactionsLiveRefresh } from "./live-refresh";
import { TransactionList } from "./transaction-list";
import { toTransactionListItem } from "./transaction-list-item";

const SHOWN = 20;

/** The card page's own transactions: the latest few, live, with a link to all of them on /transactions. */
export async function CardTransactions({
  card,
  user,
}: {
  card: { id: string; currency: string; status: CardStatus };
  user: SessionUser;
}) {
  const visibility = visibilityFor(user, "transaction.view");
  if (!visibility) return null;
  // Nothing was ever issued to spend with: no list to read or poll.
  if (isNeverIssued(card)) {
    return (
      <section aria-labelledby="card-transactions-heading" className="grid gap-2">
        <h2 id="card-transactions-heading" className="text-lg font-semibold">
          Transactions
        </h2>
        <p className="text-muted-foreground text-sm">This card was never issued, so it has no transactions.</p>
      </section>
    );
  }
  const db = getDb();
  // Read before the rows, so anything written while the page renders still moves the version the page polls.
  const version = await transactionsVersion(db, {
    organizationId: user.organizationId,
    visibility,
    cardId: card.id,
  });
  const [page, spent] = await Promise.all([
    listTransactions(db, {
      organizationId: user.organizationId,
      visibility,
      filters: { cardId: card.id },
      limit: SHOWN,
    }),
    spentThisMonthByCard(db, [card], visibility),
  ]);
  return (
    <section
      aria-labelledby="card-transactions-heading"
      className="grid min-w-0 grid-cols-[minmax(0,1fr)] gap-3"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="card-transactions-heading" className="text-lg font-semibold">
          Transactions
        </h2>
        <p className="text-muted-foreground text-sm">
          Spent this month: <span className="text-foreground font-medium tabular-nums">{spent[card.id]}</span>
        </p>
      </div>
      <TransactionsLiveRefresh cardId={card.id} version={version} />
      {page.rows.length === 0 ? (
        <EmptyState title="No transactions on this card yet">
          <p>Purchases, refunds and declines appear here within seconds of the provider reporting them.</p>
        </EmptyState>
      ) : (
        <TransactionList
          rows={page.rows.map((row) => toTransactionListItem(row))}
          caption="This card's latest transactions, newest first"
          showCard={false}
        />
      )}
      {page.nextCursor ? (
        <Link
          href={`/transactions?card=${card.id}`}
          className="text-primary w-fit text-sm underline-offset-4 hover:underline"
        >
          All of this card&apos;s transactions
        </Link>
      ) : null}
    </section>
  );
}
