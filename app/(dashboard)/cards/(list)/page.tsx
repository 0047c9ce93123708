import type { Metadata } from "next";
import Link from "next/link";
import { Package, Plus } from "lucide-react";
import { CardsTable } from "@/components/cards/cards-table";
import { toCardsTableRow } from "@/components/cards/cards-table-row";
import { noCardsYetText } from "@/components/cards/no-cards-text";
import { STATUS_LABELS } from "@/components/cards/status-labels";
import { EmptyState } from "@/components/layout/empty-state";
import { LiveRefresh } from "@/components/live/live-refresh";
import { FilterBar } from "@/components/lists/filter-bar";
import { listResultText } from "@/components/lists/result-text";
import { IgnoredParamsAlert } from "@/components/lists/ignored-params-alert";
import { ListPagination } from "@/components/lists/list-pagination";
import type { FilterField } from "@/components/lists/filter-types";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { getDb } from "@/db/client";
import { listCards } from "@/db/queries/cards";
import { cardsListVersion } from "@/lib/cards/cards-list-version";
import { spentThisMonthByCard } from "@/lib/transactions/card-spend";
import { cardFiltersToCheck, keepOfferedCardFilters, readCardFilterChoices } from "@/lib/cards/filter-choices";
import { currencyFilterOptions } from "@/lib/lists/currency-filter";
import { providerFilterOptions } from "@/lib/lists/provider-filter";
import { CARD_PAGE_SIZE, cardSearchString, cardSortLinks, parseCardSearch, rankBalancesInOneCurrency, type RawSearchParams } from "@/lib/cards/list-search";
import { requireSection } from "@/lib/auth/current-user";
import { can, seesOthers, visibilityFor, visibilityReach } from "@/lib/auth/permissions";
import { CARD_STATUSES } from "@/lib/providers/types";

export const metadata: Metadata = { title: "Cards" };

const SORTS = [
  { value: "sort=created&dir=desc", label: "Newest first" },
  { value: "sort=created&dir=asc", label: "Oldest first" },
  { value: "sort=alias&dir=asc", label: "Alias A–Z" },
  { value: "sort=alias&dir=desc", label: "Alias Z–A" },
  { value: "sort=balance&dir=desc", label: "Balance, highest first" },
  { value: "sort=balance&dir=asc", label: "Balance, lowest first" },
];

const CARDS_SCOPE_TEXT = {
  all: "Every card of the company",
  own_and_team: "Your cards and those of the teams you manage",
  own: "Your cards",
} as const;

export default async function CardsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const user = await requireSection("cards");
  const visibility = visibilityFor(user, "card.view")!;
  const parsed = parseCardSearch(await searchParams);
  const db = getDb();
  const showsOthers = seesOthers(visibility);
  const readChoices = () => readCardFilterChoices(db, { user, visibility, filters: parsed.filters });
  // Read before the list only when needed: to check a team, owner or currency in the link against what the bar offers
  // before the query applies it (keepOfferedCardFilters), or for the currency a balance sort ranks (one the viewer holds
  // cards in). Otherwise alongside the list.
  const choicesFirst = cardFiltersToCheck(parsed.filters) || (parsed.sort.field === "balance" && !parsed.filters.currency) ? await readChoices() : null;
  const offered = choicesFirst ? keepOfferedCardFilters(parsed, choicesFirst) : parsed;
  const { search, choseCurrency } = rankBalancesInOneCurrency(offered, choicesFirst?.currencies ?? []);
  const [page, choices] = await Promise.all([
    listCards(db, { organizationId: user.organizationId, visibility, filters: search.filters, sort: search.sort, after: search.after, before: search.before, limit: CARD_PAGE_SIZE }),
    choicesFirst ?? readChoices(),
  ]);
  // Of the transactions this person may see (a card handed on keeps its earlier rows with their spender).
  const transactionVisibility = visibilityFor(user, "transaction.view");
  const spentThisMonth = transactionVisibility ? await spentThisMonthByCard(db, page.rows, transactionVisibility) : undefined;
  const { owner, teams } = choices;
  const { filters, sort } = search;
  const fields: FilterField[] = [
    { kind: "search", name: "q", label: "Search", placeholder: "Alias, last 4 or owner", hint: "Searches card aliases, the last four digits of card numbers and owner names." },
    { kind: "select", name: "provider", label: "Provider", anyLabel: "All providers", options: providerFilterOptions(choices.accounts, filters.provider, showsOthers ? "no accounts" : "none of yours") },
    { kind: "select", name: "status", label: "Status", anyLabel: "All statuses", options: CARD_STATUSES.map((value) => ({ value, label: STATUS_LABELS[value] })) },
    ...(showsOthers
      ? ([
          { kind: "person", name: "owner", label: "Owner", anyLabel: "All owners", selected: owner ? { value: owner.id, label: owner.label } : undefined },
          { kind: "select", name: "team", label: "Team", anyLabel: "All teams", options: teams.map((team) => ({ value: team.id, label: team.name })) },
        ] satisfies FilterField[])
      : []),
    { kind: "select", name: "currency", label: "Currency", anyLabel: "All currencies", options: currencyFilterOptions(choices.currencies, filters.currency, visibility.all ? "no cards" : "no cards you can see") },
    { kind: "select", name: "order", label: "Sort by", params: ["sort", "dir"], options: SORTS },
  ];
  const values = {
    q: filters.q,
    provider: filters.provider,
    status: filters.status,
    owner: filters.ownerUserId,
    team: filters.teamId,
    currency: filters.currency,
    order: `sort=${sort.field}&dir=${sort.direction}`,
  };
  const filtered = Object.values(filters).some(Boolean);
  const mayIssue = can(user, "card.issue");
  const scopeText = CARDS_SCOPE_TEXT[visibilityReach(visibility)];

  return (
    <>
      {/* The poll picks this page again by the same query (its filters as applied, not as the link had them). */}
      <LiveRefresh
        source={`/api/cards/version${cardSearchString(search, { after: search.after, before: search.before })}`}
        version={cardsListVersion(page)}
      />
      <PageHeader
        title="Cards"
        description={`${scopeText}, across every connected provider.`}
        actions={
          mayIssue ? (
            <div className="flex flex-wrap gap-2">
              <Button asChild variant="outline">
                <Link href="/cards/products">
                  <Package aria-hidden /> Products
                </Link>
              </Button>
              <Button asChild>
                <Link href="/cards/new">
                  <Plus aria-hidden /> Issue card
                </Link>
              </Button>
            </div>
          ) : null
        }
      />
      <div className="grid grid-cols-1 gap-4">
        <FilterBar path="/cards" label="Card filters" fields={fields} values={values} note="Dates are UTC." resultText={listResultText(page.rows.length, { one: "card", many: "cards" }, Boolean(page.nextCursor))} />
        <IgnoredParamsAlert ignored={search.ignored} />
        {choseCurrency ? (
          <Alert>
            Balances in different currencies cannot be ranked together, so this list ranks the {choseCurrency} cards. Pick
            another currency in the filters to rank its cards.
          </Alert>
        ) : null}
        {page.rows.length === 0 ? (
          filtered || search.after || search.before ? (
            <EmptyState title="No cards match these filters">
              <Link href="/cards" className="text-primary underline-offset-4 hover:underline">
                Clear filters
              </Link>
            </EmptyState>
          ) : (
            <EmptyState title="No cards yet">
              {mayIssue ? (
                <div className="grid justify-items-center gap-3">
                  <p>Issue a card from any connected provider account, or wait for the next sync to bring in existing cards.</p>
                  <Button asChild>
                    <Link href="/cards/new">
                      <Plus aria-hidden /> Issue a card
                    </Link>
                  </Button>
                </div>
              ) : (
                <p>{noCardsYetText(visibilityReach(visibility), can(user, "card.request"))}</p>
              )}
            </EmptyState>
          )
        ) : (
          <CardsTable
            rows={page.rows.map(toCardsTableRow)}
            sort={sort}
            caption={`Cards, ${page.rows.length} shown`}
            spentThisMonth={spentThisMonth}
            sortLinks={cardSortLinks(search)}
          />
        )}
        <ListPagination
          label="Card pages"
          previousHref={page.previousCursor ? `/cards${cardSearchString(search, { before: page.previousCursor })}` : undefined}
          nextHref={page.nextCursor ? `/cards${cardSearchString(search, { after: page.nextCursor })}` : undefined}
        />
        <p className="text-muted-foreground text-xs">{CARD_PAGE_SIZE} cards per page. Dates are UTC.</p>
      </div>
    </>
  );
}
