import Link from "next/link";
import { EmptyState } from "@/components/layout/empty-state";
import { getDb } from "@/db/client";
import { listTransactions, transactionsVersion } from "@/db/queries/transactions";
import { visibilityFor } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { isNeverIssued } from "@/lib/cards/never-issued";
import type { CardStatus } from "@/lib/providers/types";
import { spentThisMonthByCard } from "@/lib/transactions/card-spend";
import { startOfUtcMonth } from "@/db/queries/transactions-card-spend";
import { formatUtcDate } from "@/lib/format";
import { LiveRefresh } from "@/components/live/live-refresh";
import { TransactionList } from "./transaction-list";
import { toTransactionListItem } from "./transaction-list-item";

const SHOWN = 20;

/** `monthStart`: the first instant of the UTC month the spend counts from. */
type CardTransactionsReads = { version: string; page: Awaited<ReturnType<typeof listTransactions>>; spent: Record<string, string>; monthStart: Date };

/**
 * The section's reads, started by the page as soon as it has the card, beside its own reads: awaited in the section
 * itself, they began only once the page had rendered that far (a round of the page's reads later). Null when the
 * viewer may not see transactions; "never issued" for a card that never reached its provider (nothing to read).
 */
export function readCardTransactions(
  card: { id: string; currency: string; status: CardStatus },
  user: SessionUser,
): Promise<CardTransactionsReads | "never issued" | null> {
  const visibility = visibilityFor(user, "transaction.view");
  if (!visibility) return Promise.resolve(null);
  if (isNeverIssued(card)) return Promise.resolve("never issued");
  const db = getDb();
  // The spend does not depend on the version; only the rows must be read after it.
  const now = new Date();
  const spent = spentThisMonthByCard(db, [card], visibility, now);
  const read = async (): Promise<CardTransactionsReads> => {
    // Read before the rows, so anything written while the page renders still moves the version the page polls.
    const version = await transactionsVersion(db, {
      organizationId: user.organizationId,
      visibility,
      cardId: card.id,
    });
    const [page, spentByCard] = await Promise.all([
      listTransactions(db, {
        organizationId: user.organizationId,
        visibility,
        filters: { cardId: card.id },
        limit: SHOWN,
      }),
      spent,
    ]);
    return { version, page, spent: spentByCard, monthStart: startOfUtcMonth(now) };
  };
  const reads = read();
  // Awaited (and any failure shown) by CardTransactions; this keeps a failure before it renders from counting as unhandled.
  reads.catch(() => undefined);
  spent.catch(() => undefined);
  return reads;
}

/** The card page's own transactions: the latest few, live, with a link to all of them on /transactions. */
export async function CardTransactions({
  card,
  reads,
}: {
  card: { id: string; currency: string; status: CardStatus };
  /** readCardTransactions(card, user), started by the page. */
  reads: Promise<CardTransactionsReads | "never issued" | null>;
}) {
  const read = await reads;
  if (!read) return null;
  // Nothing was ever issued to spend with: no list to read or poll.
  if (read === "never issued") {
    return (
      <section aria-labelledby="card-transactions-heading" className="grid gap-2">
        <h2 id="card-transactions-heading" className="text-lg font-semibold">
          Transactions
        </h2>
        <p className="text-muted-foreground text-sm">This card was never issued, so it has no transactions.</p>
      </section>
    );
  }
  const { version, page, spent, monthStart } = read;
  const month = monthStart.toLocaleString("en-US", { month: "long", timeZone: "UTC" });
  return (
    <section
      aria-labelledby="card-transactions-heading"
      className="grid min-w-0 grid-cols-[minmax(0,1fr)] gap-3"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="card-transactions-heading" className="text-lg font-semibold">
          Transactions
        </h2>
        {/* Which month, as every time in Cardhub is (UTC), and the transactions it counts one step away. */}
        <p className="text-muted-foreground text-sm">
          <Link href={`/transactions?card=${card.id}&from=${formatUtcDate(monthStart)}`} className="underline-offset-4 hover:underline">
            Spent in {month} (UTC)
          </Link>
          : <span className="text-foreground font-medium tabular-nums">{spent[card.id]}</span>
        </p>
      </div>
      <LiveRefresh source={`/api/transactions/version?card=${encodeURIComponent(card.id)}`} version={version} />
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
