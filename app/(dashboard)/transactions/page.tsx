import { Suspense } from "react";
import type { Metadata } from "next";
import Link from "next/link";
import { Download } from "lucide-react";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { FilterBar } from "@/components/lists/filter-bar";
import { listResultText } from "@/components/lists/result-text";
import { ExportRefusedAlert } from "@/components/lists/export-refused-alert";
import { IgnoredParamsAlert } from "@/components/lists/ignored-params-alert";
import { exportHref } from "@/lib/lists/export-href";
import { ListPagination } from "@/components/lists/list-pagination";
import type { FilterField } from "@/components/lists/filter-types";
import { LEDGER_STATUS_LABELS } from "@/components/transactions/labels";
import { LiveRefresh } from "@/components/live/live-refresh";
import { SyncNowButton } from "@/components/transactions/sync-now-button";
import { TransactionList } from "@/components/transactions/transaction-list";
import { TransactionTotalsLoader } from "@/components/transactions/transaction-totals";
import { TransactionSyncFailing } from "@/components/transactions/transaction-sync-failing";
import { listTransactionPullHealth } from "@/db/queries/provider-sync-status";
import { totalsPeriodText } from "@/components/transactions/totals-period";
import { boundedTransactionTotals } from "@/lib/transactions/bounded-totals";
import { Skeleton } from "@/components/ui/skeleton";
import { toTransactionListItem, unlinkedCardRef } from "@/components/transactions/transaction-list-item";
import { findUnknownProviderCards } from "@/db/queries/unknown-provider-cards";
import { Button } from "@/components/ui/button";
import { getDb } from "@/db/client";
import { listTransactions, transactionsVersion } from "@/db/queries/transactions";
import { LEDGER_STATUSES } from "@/db/schema/transactions";
import { requireSection } from "@/lib/auth/current-user";
import { can, seesOthers, visibilityFor, visibilityReach } from "@/lib/auth/permissions";
import { currencyFilterOptions } from "@/lib/lists/currency-filter";
import { providerFilterOptions } from "@/lib/lists/provider-filter";
import type { RawSearchParams } from "@/lib/lists/search-params";
import {
  AMOUNT_BOUND_PATTERN,
  AMOUNT_BOUND_PROBLEM,
  parseTransactionSearch,
  TRANSACTION_PAGE_SIZE,
  transactionSearchParams,
  transactionSearchString,
} from "@/lib/transactions/list-search";
import { keepOfferedTransactionFilters, readTransactionFilterChoices, transactionFiltersToCheck } from "@/lib/transactions/filter-choices";

export const metadata: Metadata = { title: "Transactions" };

const TRANSACTIONS_SCOPE_TEXT = {
  all: "Every card's transactions",
  own_and_team: "Transactions of your cards and your teams' cards",
  own: "Transactions of your cards",
} as const;

export default async function TransactionsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const user = await requireSection("transactions");
  const visibility = visibilityFor(user, "transaction.view")!;
  const raw = await searchParams;
  const parsed = parseTransactionSearch(raw);
  const db = getDb();
  const showsOthers = seesOthers(visibility);
  const readChoices = () => readTransactionFilterChoices(db, { user, visibility, filters: parsed.filters });
  // Read before the rows, so anything written while the page renders still moves the version the page polls. It does
  // not depend on the filters, so it is read beside the choices below rather than after them.
  const versionRead = transactionsVersion(db, { organizationId: user.organizationId, visibility });
  // Awaited below; this only keeps a failure while the choices are read from counting as unhandled.
  versionRead.catch(() => undefined);
  // A team, account, card, cardholder or currency code in the link that the bar may not offer is checked against its
  // choices before any query applies it (keepOfferedTransactionFilters); a link without one reads them alongside the list.
  const choicesFirst = transactionFiltersToCheck(parsed.filters) ? await readChoices() : null;
  const search = choicesFirst ? keepOfferedTransactionFilters(parsed, choicesFirst) : parsed;
  const { filters } = search;
  const scope = { organizationId: user.organizationId, visibility, filters };
  // Started now, streamed later: the totals' own query runs beside the page's, not after it.
  const totals = boundedTransactionTotals(db, scope);
  // Awaited (and its failure shown) by the Suspense child; this only keeps an early failure from counting as unhandled.
  totals.catch(() => undefined);
  const version = await versionRead;
  const [page, choices, syncHealth] = await Promise.all([
    listTransactions(db, {
      ...scope,
      after: search.after,
      before: search.before,
      limit: TRANSACTION_PAGE_SIZE,
    }),
    choicesFirst ?? readChoices(),
    listTransactionPullHealth(db, { organizationId: user.organizationId }),
  ]);
  const { accounts, teams, owner, card } = choices;
  // The link's card, if handed on since (its earlier rows still shown), beside the person's own cards.
  const ownCards = choices.ownCards ?? [];
  const cardOptions = [...(card && !ownCards.some((own) => own.id === card.id) ? [card] : []), ...ownCards].map((option) => ({ value: option.id, label: option.label }));
  const fields: FilterField[] = [
    { kind: "search", name: "q", label: "Merchant", placeholder: "Merchant name" },
    { kind: "date", name: "from", label: "From (UTC day)" },
    { kind: "date", name: "to", label: "To (UTC day, inclusive)" },
    { kind: "select", name: "status", label: "Status", anyLabel: "All statuses", options: LEDGER_STATUSES.map((value) => ({ value, label: LEDGER_STATUS_LABELS[value] })) },
    { kind: "select", name: "provider", label: "Provider", anyLabel: "All providers", options: providerFilterOptions(accounts, filters.provider, showsOthers ? "no accounts" : "none of yours") },
    { kind: "select", name: "account", label: "Account", anyLabel: "All accounts", options: accounts.map((account) => ({ value: account.id, label: account.label })) },
    { kind: "select", name: "currency", label: "Currency", anyLabel: "All currencies", options: currencyFilterOptions(choices.currencies, filters.currency, showsOthers ? "no cards" : "none of yours") },
    ...(showsOthers
      ? ([
          { kind: "person", name: "owner", label: "Cardholder", anyLabel: "All cardholders", selected: owner ? { value: owner.id, label: owner.label } : undefined },
          { kind: "select", name: "team", label: "Team", anyLabel: "All teams", options: teams.map((team) => ({ value: team.id, label: team.name })) },
        ] satisfies FilterField[])
      : []),
    { kind: "text", name: "min", label: "Minimum amount", placeholder: "Any", check: { pattern: AMOUNT_BOUND_PATTERN, message: AMOUNT_BOUND_PROBLEM } },
    { kind: "text", name: "max", label: "Maximum amount", placeholder: "Any", check: { pattern: AMOUNT_BOUND_PATTERN, message: AMOUNT_BOUND_PROBLEM } },
    // A cardholder picks among their own cards; anyone else narrows to one card from its page's link, shown as a
    // choice so it can be removed like any other filter.
    ...(cardOptions.length > 0
      ? ([{ kind: "select", name: "card", label: "Card", anyLabel: "All cards", options: cardOptions }] satisfies FilterField[])
      : []),
  ];
  const values = Object.fromEntries(transactionSearchParams(filters));
  const filtered = Object.values(filters).some(Boolean);
  const unknownCards = await findUnknownProviderCards(db, page.rows.map(unlinkedCardRef).filter((ref) => ref !== null));
  const rows = page.rows.map((row) => toTransactionListItem(row, unknownCards));
  const scopeText = TRANSACTIONS_SCOPE_TEXT[visibilityReach(visibility)];
  const exportLink = exportHref("/transactions/export", transactionSearchString(filters), raw, search.ignored);

  return (
    <>
      <PageHeader
        title="Transactions"
        description={`${scopeText}: authorisations, settlements, refunds and declines from every provider.`}
        actions={
          can(user, "transaction.export") ? (
            <Button asChild variant="outline">
              <a href={exportLink}>
                <Download aria-hidden /> Export CSV
              </a>
            </Button>
          ) : null
        }
      />
      <LiveRefresh source="/api/transactions/version" version={version} />
      <div className="mb-4">
        <SyncNowButton />
      </div>
      <div className="grid grid-cols-[minmax(0,1fr)] gap-4">
        <FilterBar path="/transactions" label="Transaction filters" fields={fields} values={values} note="Dates are whole days in UTC; amounts are in the card's currency, e.g. 25.50." resultText={listResultText(rows.length, { one: "transaction", many: "transactions" }, Boolean(page.nextCursor))} />
        <ExportRefusedAlert subject="transactions" searchParams={raw} />
        <IgnoredParamsAlert ignored={search.ignored} />
        <TransactionSyncFailing accounts={accounts} health={syncHealth} />
        <Suspense
          key={JSON.stringify(filters)}
          fallback={<Skeleton className="h-28 w-full max-w-sm rounded-lg" aria-label="Loading totals" />}
        >
          <TransactionTotalsLoader totals={totals} period={totalsPeriodText(filters)} />
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
        <ListPagination
          label="Transaction pages"
          previousLabel="Newer"
          nextLabel="Older"
          previousHref={page.previousCursor ? `/transactions${transactionSearchString(filters, { before: page.previousCursor })}` : undefined}
          nextHref={page.nextCursor ? `/transactions${transactionSearchString(filters, { after: page.nextCursor })}` : undefined}
        />
        <p className="text-muted-foreground text-xs">
          {TRANSACTION_PAGE_SIZE} per page, newest first. Dates are UTC. Totals cover every page of the
          filtered set; spent counts authorised and settled purchases, never declined, reversed or expired
          ones, and net is spent less refunded.
        </p>
      </div>
    </>
  );
}
