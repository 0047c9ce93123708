import type { DbOrTx } from "@/db/client";
import { listVisibleCardCurrencies, type CardListFilters } from "@/db/queries/cards";
import { listFilterAccounts, type FilterAccount } from "@/db/queries/filter-accounts";
import { findPeopleByIds } from "@/db/queries/people-search";
import { listTeamsInView, type TeamSummary } from "@/db/queries/teams";
import { personChoice, type PersonChoice } from "@/components/people/person-choice";
import { seesOthers, type VisibilityFilter } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { currencyFilterKept, notACurrencyMessage } from "@/lib/lists/currency-filter";
import { keepOffered, keptValues, notOfferedMessage } from "@/lib/lists/search-params";
import { isKnownCurrency } from "@/lib/money";
import { CARD_FIELD_LABELS, type CardSearch } from "./list-search";

/** What the cards filter bar offers this viewer, and the link's owner when they may see them. */
export type CardFilterChoices = {
  /** The currencies of the cards the viewer may see (listVisibleCardCurrencies). */
  currencies: string[];
  /** The accounts whose providers the bar offers: the organisation's; for someone who sees only their own, their cards'. */
  accounts: FilterAccount[];
  /** The teams the viewer may pick: none when they see only their own cards (the bar then has no team field). */
  teams: TeamSummary[];
  owner: PersonChoice | null;
};

/** The choices of this viewer's cards filter bar, with the owner `filters` name, if any. */
export async function readCardFilterChoices(
  db: DbOrTx,
  params: { user: SessionUser; visibility: VisibilityFilter; filters: CardListFilters },
): Promise<CardFilterChoices> {
  const { user, visibility, filters } = params;
  const organizationId = user.organizationId;
  const [currencies, accounts, teams, owners] = await Promise.all([
    listVisibleCardCurrencies(db, { organizationId, visibility }),
    listFilterAccounts(db, { organizationId, holder: seesOthers(visibility) ? undefined : { userId: user.id, throughTransactions: false } }),
    seesOthers(visibility) ? listTeamsInView(db, { organizationId, visibility }) : Promise.resolve([]),
    // Only the person filtered by, for their name: the picker searches the rest on the server (GET /api/people).
    filters.ownerUserId ? findPeopleByIds(db, { organizationId, visibility, ids: [filters.ownerUserId] }) : Promise.resolve([]),
  ]);
  return {
    currencies,
    accounts,
    teams,
    owner: owners[0] ? personChoice(owners[0]) : null,
  };
}

/** Whether keepOfferedCardFilters may drop a value of these filters: only then are the choices read before the list. */
export function cardFiltersToCheck(filters: CardListFilters): boolean {
  return Boolean(filters.ownerUserId || filters.teamId || (filters.currency && !isKnownCurrency(filters.currency)));
}

/**
 * The search with every well-formed value this viewer's bar does not offer dropped, each with a notice: the list, its
 * links and its filter bar are all given the result, so none of them applies what the others do not.
 */
export function keepOfferedCardFilters(search: CardSearch, choices: CardFilterChoices): CardSearch {
  const ignored = [...search.ignored];
  const labels = CARD_FIELD_LABELS;
  const { ownerUserId, teamId, currency, ...rest } = search.filters;
  const kept = {
    ownerUserId: keepOffered(ignored, { field: "owner", label: labels.owner, value: ownerUserId, offered: (id) => choices.owner?.id === id, message: notOfferedMessage("people", "every owner") }),
    teamId: keepOffered(ignored, { field: "team", label: labels.team, value: teamId, offered: (id) => choices.teams.some((team) => team.id === id), message: notOfferedMessage("teams", "every team") }),
    currency: keepOffered(ignored, { field: "currency", label: labels.currency, value: currency, offered: (code) => currencyFilterKept(choices.currencies, code), message: notACurrencyMessage(currency ?? "") }),
  };
  const filters: CardListFilters = { ...rest, ...keptValues(kept) };
  return { ...search, filters, ignored };
}
