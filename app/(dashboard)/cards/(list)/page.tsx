import type { Metadata } from "next";
import Link from "next/link";
import { ChevronLeft, ChevronRight, Package, Plus } from "lucide-react";
import { CardFilters, type CardFilterOptions } from "@/components/cards/card-filters";
import { CardsTable } from "@/components/cards/cards-table";
import { PROVIDER_LABELS, STATUS_LABELS } from "@/components/cards/labels";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { getDb } from "@/db/client";
import { listCardCurrencies, listCards } from "@/db/queries/cards";
import { listTeams } from "@/db/queries/teams";
import { spentThisMonthByCard } from "@/lib/transactions/card-spend";
import { listOrganizationUsers } from "@/db/queries/users";
import { CARD_PAGE_SIZE, cardSearchString, parseCardSearch, type RawSearchParams } from "@/lib/cards/list-search";
import { requireSection } from "@/lib/auth/current-user";
import { can, visibilityFor } from "@/lib/auth/permissions";
import { CARD_STATUSES, PROVIDER_NAMES } from "@/lib/providers/types";

export const metadata: Metadata = { title: "Cards" };

export default async function CardsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const user = await requireSection("cards");
  const visibility = visibilityFor(user, "card.view")!;
  const search = parseCardSearch(await searchParams);
  const db = getDb();
  const seesOthers = visibility.all || visibility.teamIds.length > 0;
  const [page, currencies, people, teams] = await Promise.all([
    listCards(db, { organizationId: user.organizationId, visibility, filters: search.filters, sort: search.sort, after: search.after, before: search.before, limit: CARD_PAGE_SIZE }),
    listCardCurrencies(db, { organizationId: user.organizationId }),
    seesOthers ? listOrganizationUsers(db, { organizationId: user.organizationId }) : Promise.resolve([]),
    seesOthers ? listTeams(db, { organizationId: user.organizationId }) : Promise.resolve([]),
  ]);
  const spentThisMonth = await spentThisMonthByCard(db, page.rows);
  // Managers pick only among the people and teams they can see; the query enforces it regardless.
  const visibleTeams = visibility.all ? teams : teams.filter((team) => visibility.teamIds.includes(team.id));
  const visiblePeople = visibility.all ? people : people.filter((person) => person.id === user.id || person.teamIds.some((id) => visibility.teamIds.includes(id)));
  const options: CardFilterOptions = {
    providers: PROVIDER_NAMES.map((value) => ({ value, label: PROVIDER_LABELS[value] })),
    statuses: CARD_STATUSES.map((value) => ({ value, label: STATUS_LABELS[value] })),
    currencies,
    owners: seesOthers ? visiblePeople.map((person) => ({ value: person.id, label: person.active ? person.name : `${person.name} (inactive)` })) : undefined,
    teams: seesOthers ? visibleTeams.map((team) => ({ value: team.id, label: team.name })) : undefined,
  };
  const { filters, sort } = search;
  const values = {
    q: filters.q,
    provider: filters.provider,
    status: filters.status,
    owner: filters.ownerUserId,
    team: filters.teamId,
    currency: filters.currency,
    sort: sort.field,
    dir: sort.direction,
  };
  const filtered = Object.values(filters).some(Boolean);
  const mayIssue = can(user, "card.issue");
  const scopeText = visibility.all ? "Every card of the company" : visibility.teamIds.length > 0 ? "Your cards and those of the teams you manage" : "Your cards";

  return (
    <>
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
      <div className="grid gap-4">
        <CardFilters key={JSON.stringify(values)} values={values} options={options} />
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
                <p>Cards issued to you will appear here. To get one, send a card request.</p>
              )}
            </EmptyState>
          )
        ) : (
          <CardsTable
            rows={page.rows}
            sort={sort}
            caption={`Cards, ${page.rows.length} shown`}
            spentThisMonth={spentThisMonth}
            sortHref={(field, direction) => `/cards${cardSearchString({ filters, sort: { field, direction } })}`}
          />
        )}
        {page.previousCursor || page.nextCursor ? (
          <nav aria-label="Card pages" className="flex items-center justify-between gap-2">
            {page.previousCursor ? (
              <Button asChild variant="outline" size="sm">
                <Link href={`/cards${cardSearchString(search, { before: page.previousCursor })}`}>
                  <ChevronLeft aria-hidden /> Previous
                </Link>
              </Button>
            ) : (
              <span />
            )}
            {page.nextCursor ? (
              <Button asChild variant="outline" size="sm">
                <Link href={`/cards${cardSearchString(search, { after: page.nextCursor })}`}>
                  Next <ChevronRight aria-hidden />
                </Link>
              </Button>
            ) : null}
          </nav>
        ) : null}
        <p className="text-muted-foreground text-xs">{CARD_PAGE_SIZE} cards per page. Dates are UTC.</p>
      </div>
    </>
  );
}
