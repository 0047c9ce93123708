import { Suspense } from "react";
import type { Metadata } from "next";
import Link from "next/link";
import { ChevronLeft, ChevronRight, Download } from "lucide-react";
import { PROVIDER_LABELS } from "@/components/cards/labels";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { LEDGER_STATUS_LABELS } from "@/components/transactions/labels";
import { TransactionsLiveRefresh } from "@/components/transactions/live-refresh";
import { SyncNowButton } from "@/components/transactions/sync-now-button";
import {
  TransactionFilters,
  type TransactionFilterOptions,
} from "@/components/transactions/transaction-filters";
import { TransactionList } from "@/components/transactions/transaction-list";
import { TransactionTotalsLoader } from "@/components/transactions/transaction-totals";
import { Skeleton } from "@/components/ui/skeleton";
import { toTransactionView } from "@/components/transactions/transaction-view";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { getDb } from "@/db/client";
import { findCardForView, listCardCurrencies } from "@/db/queries/cards";
import { listTeams } from "@/db/queries/teams";
import { listTransactionAccounts, listTransactions, transactionsVersion } from "@/db/queries/transactions";
import { listOrganizationUsers } from "@/db/queries/users";
import { LEDGER_STATUSES } from "@/db/schema/transactions";
import { requireSection } from "@/lib/auth/current-user";
import { can, visibilityFor } from "@/lib/auth/permissions";
import type { RawSearchParams } from "@/lib/cards/list-search";
import { PROVIDER_NAMES } from "@/lib/providers/types";
import {
  parseTransactionSearch,
  TRANSACTION_PAGE_SIZE,
  transactionSearchParams,
  transactionSearchString,
} from "@/lib/transactions/list-search";

export const metadata: Metadata = { title: "Transactions" };

export default async function TransactionsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const user = await requireSection("transactions");
  const visibility = visibilityFor(user, "transaction.view")!;
  const search = parseTransactionSearch(await searchParams);
  const { filters } = search;
  const db = getDb();
  const seesOthers = visibility.all || visibility.teamIds.length > 0;
  const scope = { organizationId: user.organizationId, visibility, filters };
  // Read before the rows, so anything written while the page renders still moves the version the page polls.
  const version = await transactionsVersion(db, { organizationId: user.organizationId, visibility });
  const [page, accounts, currencies, people, teams, card] = await Promise.all([
    listTransactions(db, {
      ...scope,
      after: search.after,
      before: search.before,
      limit: TRANSACTION_PAGE_SIZE,
    }),
    listTransactionAccounts(db, { organizationId: user.organizationId }),
    listCardCurrencies(db, { organizationId: user.organizationId }),
    seesOthers ? listOrganizationUsers(db, { organizationId: user.organizationId }) : Promise.resolve([]),
    seesOthers ? listTeams(db, { organizationId: user.organizationId }) : Promise.resolve([]),
    filters.cardId ? findCardForView(db, filters.cardId) : Promise.resolve(null),
  ]);
  const visibleTeams = visibility.all ? teams : teams.filter((team) => visibility.teamIds.includes(team.id));
  const visiblePeople = visibility.all
    ? people
    : people.filter(
        (person) => person.id === user.id || person.teamIds.some((id) => visibility.teamIds.includes(id)),
      );
  const cardVisible = card && card.organizationId === user.organizationId && can(user, "card.view", card);
  const options: TransactionFilterOptions = {
    statuses: LEDGER_STATUSES.map((value) => ({ value, label: LEDGER_STATUS_LABELS[value] })),
    providers: PROVIDER_NAMES.map((value) => ({ value, label: PROVIDER_LABELS[value] })),
    accounts: accounts.map((account) => ({ value: account.id, label: account.label })),
    currencies,
    owners: seesOthers
      ? visiblePeople.map((person) => ({
          value: person.id,
          label: person.active ? person.name : `${person.name} (inactive)`,
        }))
      : undefined,
    teams: seesOthers ? visibleTeams.map((team) => ({ value: team.id, label: team.name })) : undefined,
    card: filters.cardId
      ? { id: filters.cardId, label: cardVisible ? card.alias : "A card you cannot see" }
      : undefined,
  };
  const values = Object.fromEntries(transactionSearchParams(filters));
  const filtered = Object.values(filters).some(Boolean);
  const rows = page.rows.map((row) => toTransactionView(row, user.id));
  const scopeText = visibility.all
    ? "Every card's transactions"
    : visibility.teamIds.length > 0
      ? "Transactions of your cards and your teams' cards"
      : "Transactions of your cards";
  const exportHref = `/transactions/export${transactionSearchString(filters)}`;

  return (
    <>
      <PageHeader
        title="Transactions"
        description={`${scopeText}: authorisations, settlements, refunds and declines from every provider.`}
        actions={
          <Button asChild variant="outline">
            <a href={exportHref} download>
              <Download aria-hidden /> Export CSV
            </a>
          </Button>
        }
      />
      <TransactionsLiveRefresh version={version} />
      <div className="mb-4">
        <SyncNowButton />
      </div>
      <div className="grid grid-cols-[minmax(0,1fr)] gap-4">
        <TransactionFilters key={JSON.stringify(values)} values={values} options={options} />
        {search.ignored.length > 0 ? (
          <Alert>
            <p className="font-medium">Part of this link could not be used and was ignored:</p>
            <ul className="mt-1 list-disc pl-5">
              {search.ignored.map((issue) => (
                <li key={issue.field}>
                  {issue.label}: {issue.message}
                </li>
              ))}
            </ul>
          </Alert>
        ) : null}
        <Suspense
          key={JSON.stringify(filters)}
          fallback={<Skeleton className="h-28 w-full max-w-sm rounded-lg" aria-label="Loading totals" />}
        >
          <TransactionTotalsLoader scope={scope} />
        </Suspense>
        {rows.length === 0 ? (
          filtered || search.after || search.before ? (
            <EmptyState title="No transactions match these filters">
              <Link href="/transactions" className="text-primary underline-offset-4 hover:underline">
                Clear filters
              </Link>
            </EmptyState>
          ) : (
            <EmptyState title="No transactions yet">
              <p>
                Purchases, refunds and declines appear here within seconds of the provider reporting them.
              </p>
            </EmptyState>
          )
        ) : (
          <TransactionList rows={rows} caption={`Transactions, ${rows.length} shown, newest first`} />
        )}
        {page.previousCursor || page.nextCursor ? (
          <nav aria-label="Transaction pages" className="flex items-center justify-between gap-2">
            {page.previousCursor ? (
              <Button asChild variant="outline" size="sm">
                <Link
                  href={`/transactions${transactionSearchString(filters, { before: page.previousCursor })}`}
                >
                  <ChevronLeft aria-hidden /> Newer
                </Link>
              </Button>
            ) : (
              <span />
            )}
            {page.nextCursor ? (
              <Button asChild variant="outline" size="sm">
                <Link href={`/transactions${transactionSearchString(filters, { after: page.nextCursor })}`}>
                  Older <ChevronRight aria-hidden />
                </Link>
              </Button>
            ) : null}
          </nav>
        ) : null}
        <p className="text-muted-foreground text-xs">
          {TRANSACTION_PAGE_SIZE} per page, newest first. Dates are UTC. Totals cover every page of the
          filtered set; spent counts authorised and settled purchases, never declined, reversed or expired
          ones.
        </p>
      </div>
    </>
  );
}
