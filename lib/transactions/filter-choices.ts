import type { DbOrTx } from "@/db/client";
import { findCardForView, listCardCurrencies, listOwnCardChoices, type CardView } from "@/db/queries/cards";
import { findPeopleByIds } from "@/db/queries/people-search";
import { listTeamsInView, type TeamSummary } from "@/db/queries/teams";
import { listFilterAccounts, type FilterAccount } from "@/db/queries/filter-accounts";
import { listHolderTransactionCurrencies } from "@/db/queries/holder-currencies";
import { listTransactions, type TransactionFilters } from "@/db/queries/transactions";
import { personChoice, type PersonChoice } from "@/components/people/person-choice";
import { can, seesOthers, type VisibilityFilter } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { currencyFilterKept, notACurrencyMessage } from "@/lib/lists/currency-filter";
import { keepOffered, keptValues, notOfferedMessage } from "@/lib/lists/search-params";
import { isKnownCurrency } from "@/lib/money";
import { TRANSACTION_FIELD_LABELS, type TransactionSearch } from "./list-search";

/** What the transactions filter bar offers this viewer, and the link's card and cardholder when they may see them. */
export type TransactionFilterChoices = {
  /** The organisation's accounts; for someone who sees only their own, those of their cards and purchases. */
  accounts: FilterAccount[];
  /** Whether `accounts` are only the viewer's own (the notice for a link's other account says so). */
  accountsHeldOnly: boolean;
  /** Every currency the organisation has held a card in; for someone who sees only their own, those of their cards and purchases. */
  currencies: string[];
  /** The teams the viewer may pick: none when they see only their own transactions (the bar then has no team field). */
  teams: TeamSummary[];
  owner: PersonChoice | null;
  card: { id: string; label: string } | null;
  /**
   * For someone who sees only their own transactions: their cards to pick from (a cardholder has a few). Null for
   * whoever sees others' (there may be thousands; they narrow by cardholder or team, or from a card's page).
   */
  ownCards: { id: string; label: string }[] | null;
};

/** Enough for any cardholder's own cards; a list this long is cut there (the card page's link still narrows to any). */
const OWN_CARD_CHOICES = 100;

/**
 * SECURITY: whether the viewer may narrow their transactions to this card and read its alias. A card they may view,
 * or one handed on since whose earlier rows they still see (their own purchases on it, or their team's): those rows
 * show its alias already. Anything else (another organisation's, another team's) is not named.
 */
async function cardSeenBy(db: DbOrTx, params: { user: SessionUser; visibility: VisibilityFilter; card: CardView }): Promise<boolean> {
  const { user, visibility, card } = params;
  if (card.organizationId !== user.organizationId) return false;
  if (can(user, "card.view", card)) return true;
  const rows = await listTransactions(db, { organizationId: user.organizationId, visibility, filters: { cardId: card.id }, limit: 1 });
  return rows.rows.length > 0;
}

/** The choices of this viewer's transactions filter bar, with the card and cardholder `filters` name, if any. */
export async function readTransactionFilterChoices(
  db: DbOrTx,
  params: { user: SessionUser; visibility: VisibilityFilter; filters: TransactionFilters },
): Promise<TransactionFilterChoices> {
  const { user, visibility, filters } = params;
  const organizationId = user.organizationId;
  const [accounts, currencies, teams, owners, card, ownCards] = await Promise.all([
    listFilterAccounts(db, { organizationId, holder: seesOthers(visibility) ? undefined : { userId: user.id, throughTransactions: true } }),
    seesOthers(visibility) ? listCardCurrencies(db, { organizationId }) : listHolderTransactionCurrencies(db, { organizationId, userId: user.id }),
    seesOthers(visibility) ? listTeamsInView(db, { organizationId, visibility }) : Promise.resolve([]),
    // Only the cardholder filtered by, for their name: the picker searches the rest on the server (GET /api/people).
    filters.ownerUserId ? findPeopleByIds(db, { organizationId, visibility, ids: [filters.ownerUserId] }) : Promise.resolve([]),
    filters.cardId ? findCardForView(db, filters.cardId) : Promise.resolve(null),
    seesOthers(visibility) ? Promise.resolve(null) : listOwnCardChoices(db, { organizationId, ownerUserId: user.id, limit: OWN_CARD_CHOICES }),
  ]);
  const cardSeen = card ? await cardSeenBy(db, { user, visibility, card }) : false;
  return {
    accounts,
    accountsHeldOnly: !seesOthers(visibility),
    currencies,
    teams,
    owner: owners[0] ? personChoice(owners[0]) : null,
    card: card && cardSeen ? { id: card.id, label: card.alias } : null,
    ownCards: ownCards?.map((own) => ({ id: own.id, label: own.last4 ? `${own.alias} ·· ${own.last4}` : own.alias })) ?? null,
  };
}

/** Whether keepOfferedTransactionFilters may drop a value of these filters: only then are the choices read before the list. */
export function transactionFiltersToCheck(filters: TransactionFilters): boolean {
  return Boolean(filters.accountId || filters.cardId || filters.ownerUserId || filters.teamId || (filters.currency && !isKnownCurrency(filters.currency)));
}

/**
 * The search with every well-formed value this viewer's bar does not offer dropped, each with a notice: the list, its
 * totals, its export link and its filter bar are all given the result, so none of them applies what the others do not.
 */
export function keepOfferedTransactionFilters(search: TransactionSearch, choices: TransactionFilterChoices): TransactionSearch {
  const ignored = [...search.ignored];
  const labels = TRANSACTION_FIELD_LABELS;
  const { accountId, cardId, ownerUserId, teamId, currency, ...rest } = search.filters;
  const kept = {
    accountId: keepOffered(ignored, {
      field: "account",
      label: labels.account,
      value: accountId,
      offered: (id) => choices.accounts.some((account) => account.id === id),
      message: choices.accountsHeldOnly
        ? "Not an account your cards or purchases are with; showing every account."
        : "Not one of your organisation's provider accounts; showing every account.",
    }),
    cardId: keepOffered(ignored, { field: "card", label: labels.card, value: cardId, offered: (id) => choices.card?.id === id, message: notOfferedMessage("cards", "every card") }),
    ownerUserId: keepOffered(ignored, { field: "owner", label: labels.owner, value: ownerUserId, offered: (id) => choices.owner?.id === id, message: notOfferedMessage("people", "every cardholder") }),
    teamId: keepOffered(ignored, { field: "team", label: labels.team, value: teamId, offered: (id) => choices.teams.some((team) => team.id === id), message: notOfferedMessage("teams", "every team") }),
    currency: keepOffered(ignored, { field: "currency", label: labels.currency, value: currency, offered: (code) => currencyFilterKept(choices.currencies, code), message: notACurrencyMessage(currency ?? "") }),
  };
  const filters: TransactionFilters = { ...rest, ...keptValues(kept) };
  return { ...search, filters, ignored };
}
