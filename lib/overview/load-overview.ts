import type { DbOrTx } from "@/db/client";
import { inboxScopeOf } from "@/lib/requests/inbox-scope";
import { listAccountFunding, type AccountFunding } from "@/db/queries/funding";
import { listLowBalances, type LowBalance } from "@/db/queries/low-balance";
import { ATTENTION_COUNT_CAP, type BoundedCount } from "@/db/queries/bounded-count";
import { countCardsMissingAtProvider, listCardsMissingAtProvider, type CardMissingAtProvider } from "@/db/queries/cards-missing";
import { countCardsReopenedAtProvider, listCardsReopenedAtProvider, type CardReopenedAtProvider } from "@/db/queries/cards-reopened";
import { listRecentFailedOrders, type FailedOrder } from "@/db/queries/overview-attention";
import { countOrdersNeedingReview, listOrdersNeedingReview, type OrderNeedingReview } from "@/db/queries/provider-orders";
import { resolveAuditLabels, type AuditLabels } from "@/db/queries/audit-labels";
import { AUDIT_WATCH_KINDS, auditWatchSince, type AuditWatch } from "@/db/queries/overview-audit";
import { listMyCards, listMyOpenRequests, type MyCard, type MyOpenRequest } from "@/db/queries/overview-personal";
import {
  declineRate,
  spendByDay,
  spendThisMonthAgainstLast,
  startOfWindow,
  topMerchants,
  type DailySpendRow,
  type DeclineRate,
  type MerchantSpend,
  type MonthSpend,
  type SpendScope,
  type SpendSplit,
} from "@/db/queries/overview-spend";
import { lastIntactVerification, latestVerification } from "@/db/queries/audit-verifications";
import { verificationDetailFor } from "@/lib/audit/verification-detail";
import { toVerificationStatus, type VerificationStatus } from "@/lib/audit/verification-status";
import { countWaitingFor, listRequests, type RequestListRow } from "@/db/queries/requests";
import { listTransactions, type TransactionFilters, type TransactionListRow } from "@/db/queries/transactions";
import { startOfUtcMonth } from "@/db/queries/transactions-card-spend";
import { can, scopesFor, seesOthers, visibilityFor } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { formatUtcDate } from "@/lib/format";
import { transactionSearchString } from "@/lib/transactions/list-search";
import { readTogether } from "@/db/queries/read-together";

/**
 * Everything each role's overview shows, read from PostgreSQL only (never a provider). Each loader narrows what it
 * reads to what lib/auth/permissions grants the role: an employee's own, a manager's teams, finance everything.
 */

const RECENT = 5;
/** The needs-review panel's cap: the first this many, by next check, of the orders the viewer may see. */
export const ORDERS_NEEDING_REVIEW_LIMIT = 50;

/** The first orders needing review, and how many there are in all (the panel lists the first only). */
export type OrdersNeedingReviewPanel = { orders: OrderNeedingReview[]; count: BoundedCount };

/** Orders needing review on the cards this person may see (every role sees the panel; card.view narrows it). */
export async function loadOrdersNeedingReview(db: DbOrTx, user: SessionUser): Promise<OrdersNeedingReviewPanel> {
  const visibility = visibilityFor(user, "card.view");
  if (!visibility) return { orders: [], count: { counted: 0, capped: false } };
  const scope = { organizationId: user.organizationId, visibility };
  const [orders, count] = await readTogether(db, [
    () => listOrdersNeedingReview(db, { ...scope, limit: ORDERS_NEEDING_REVIEW_LIMIT }),
    () => countOrdersNeedingReview(db, { ...scope, cap: ATTENTION_COUNT_CAP }),
  ]);
  return { orders, count };
}

export type PendingApprovals = { count: number; newest: RequestListRow[] };

async function pendingApprovals(db: DbOrTx, user: SessionUser): Promise<PendingApprovals> {
  const scope = inboxScopeOf(user);
  const [count, page] = await readTogether(db, [
    () => countWaitingFor(db, { organizationId: user.organizationId, scope }),
    () => listRequests(db, { organizationId: user.organizationId, scope, filters: {}, limit: RECENT }),
  ]);
  return { count, newest: page.rows };
}

/**
 * The transactions list of this UTC month, from its first day with no end, as the month's spend figures count it;
 * with `teamId`, one team's rows. Its totals are the figure's.
 */
function monthTransactionsHref(now: Date, narrowTo: { teamId?: string; ownerUserId?: string } = {}): string {
  return `/transactions${transactionSearchString({ from: formatUtcDate(startOfUtcMonth(now)), ...narrowTo })}`;
}

export type EmployeeOverview = {
  cards: MyCard[];
  spendThisMonth: MonthSpend[];
  /** The person's transactions of this month, the rows the figure counts. */
  spendHref: string;
  recentTransactions: TransactionListRow[];
  openRequests: MyOpenRequest[];
};

export async function loadEmployeeOverview(db: DbOrTx, user: SessionUser, now: Date): Promise<EmployeeOverview> {
  const own: SpendScope = { kind: "owner", organizationId: user.organizationId, ownerUserId: user.id };
  const [cards, spendThisMonth, recent, openRequests] = await readTogether(db, [
    () => listMyCards(db, { organizationId: user.organizationId, userId: user.id, limit: 10 }),
    () => spendThisMonthAgainstLast(db, { scope: own, now }),
    () => listTransactions(db, { organizationId: user.organizationId, visibility: { all: false, ownerUserId: user.id, teamIds: [] }, filters: {}, limit: RECENT }),
    () => listMyOpenRequests(db, { organizationId: user.organizationId, userId: user.id, limit: RECENT }),
  ]);
  // Someone who also sees others' transactions (a manager, finance, an auditor) gets a list narrowed to their own cards,
  // as the figure counts them; anyone else's list holds only theirs already.
  const visibility = visibilityFor(user, "transaction.view");
  const narrowTo = visibility && seesOthers(visibility) ? { ownerUserId: user.id } : {};
  return { cards, spendThisMonth, spendHref: monthTransactionsHref(now, narrowTo), recentTransactions: recent.rows, openRequests };
}

/** Spend charts cover whole UTC days; the manager's covers 30 of them. */
export const MANAGER_CHART_DAYS = 30;

export type ManagerDeclines = {
  rate: DeclineRate;
  recent: TransactionListRow[];
  from: Date;
  /**
   * The transactions list the panel's "All declines" link opens, which holds exactly the rows the panel counts: with
   * one managed team, that team's declines (`team=`); otherwise every decline the person may see (their teams' and
   * their own cards', as /transactions shows them).
   */
  href: string;
  /** Whose declines: the one managed team's, the person's teams' and own cards', or (organisation-wide sight) everyone's. */
  covers: "team" | "visible" | "organization";
};

export type ManagerOverview = {
  teamSpend: MonthSpend[];
  /**
   * The one managed team's transactions of this month, the rows the figure counts; null with several teams (or none),
   * as the list filters one team at a time and without a team it also shows the manager's own cards.
   */
  teamSpendHref: string | null;
  spendByDay: DailySpendRow[];
  chartFrom: Date;
  approvals: PendingApprovals;
  declines: ManagerDeclines;
};

export async function loadManagerOverview(db: DbOrTx, user: SessionUser, now: Date): Promise<ManagerOverview> {
  // The teams the person manages, exactly as transaction.view's "team" scope reaches.
  const teamIds = scopesFor(user, "transaction.view").has("team") ? user.managedTeamIds : [];
  const team: SpendScope = { kind: "teams", organizationId: user.organizationId, teamIds };
  const chartFrom = startOfWindow(now, MANAGER_CHART_DAYS);
  const monthStart = startOfUtcMonth(now);
  // The declines panel counts, lists and links to one set of rows, the one /transactions shows for its filters.
  const visibility = visibilityFor(user, "transaction.view");
  const onlyTeam = teamIds.length === 1 ? teamIds[0]! : null;
  const declineFilters: TransactionFilters = { status: "declined", from: formatUtcDate(monthStart), ...(onlyTeam ? { teamId: onlyTeam } : {}) };
  const declineScope: SpendScope = onlyTeam
    ? team
    : visibility?.all
      ? { kind: "organization", organizationId: user.organizationId }
      : visibility
        ? { kind: "visible", organizationId: user.organizationId, ownerUserId: visibility.ownerUserId, teamIds: visibility.teamIds }
        : { kind: "teams", organizationId: user.organizationId, teamIds: [] };
  const [teamSpend, daily, approvals, rate, declines] = await readTogether(db, [
    () => spendThisMonthAgainstLast(db, { scope: team, now }),
    () => spendByDay(db, { scope: team, from: chartFrom, split: "none" }),
    () => pendingApprovals(db, user),
    () => declineRate(db, { scope: declineScope, from: monthStart }),
    () => visibility === null
      ? Promise.resolve({ rows: [] as TransactionListRow[] })
      : listTransactions(db, { organizationId: user.organizationId, visibility, filters: declineFilters, limit: RECENT }),
  ]);
  return {
    teamSpend,
    teamSpendHref: onlyTeam ? monthTransactionsHref(now, { teamId: onlyTeam }) : null,
    spendByDay: daily,
    chartFrom,
    approvals,
    declines: { rate, recent: declines.rows, from: monthStart, href: `/transactions${transactionSearchString(declineFilters)}`, covers: declineScope.kind === "teams" ? "team" : declineScope.kind === "organization" ? "organization" : "visible" },
  };
}

export const FINANCE_RANGES = [30, 90] as const;
export type FinanceRange = (typeof FINANCE_RANGES)[number];
export const FINANCE_SPLITS = ["provider", "team"] as const satisfies readonly SpendSplit[];
export type FinanceSplit = (typeof FINANCE_SPLITS)[number];


/** The newest cards each "flagged by a sync" panel lists; it counts them all. */
export const FLAGGED_CARDS_SHOWN = 10;

export type FinanceOverview = {
  range: FinanceRange;
  split: FinanceSplit;
  chartFrom: Date;
  spendByDay: DailySpendRow[];
  /**
   * Where the top merchants start. They read a rollup by UTC calendar month, so they cover whole months: every month
   * the chart's window touches, from the first of the month it starts in. So the panel always covers the chart's days
   * (and up to a month before them); counting only the current month left it nearly empty on every 1st.
   */
  merchantsFrom: Date;
  /** Streamed into its panel: the slowest read of the page (one row per merchant and month), so nothing waits for it. */
  topMerchants: Promise<MerchantSpend[]>;
  declineRate: DeclineRate;
  funding: AccountFunding[];
  lowBalances: LowBalance[];
  failedOrders: FailedOrder[];
  failedOrdersFrom: Date;
  missingCards: CardMissingAtProvider[];
  missingCount: BoundedCount;
  reopenedCards: CardReopenedAtProvider[];
  reopenedCount: BoundedCount;
  approvals: PendingApprovals;
};

export async function loadFinanceOverview(
  db: DbOrTx,
  user: SessionUser,
  now: Date,
  view: { range: FinanceRange; split: FinanceSplit },
): Promise<FinanceOverview | null> {
  // Organisation-wide figures need organisation-wide sight of transactions and funding.
  if (!visibilityFor(user, "transaction.view")?.all || !can(user, "funding.view")) return null;
  const organization: SpendScope = { kind: "organization", organizationId: user.organizationId };
  const chartFrom = startOfWindow(now, view.range);
  const failedOrdersFrom = startOfWindow(now, 30);
  const merchantsFrom = startOfUtcMonth(chartFrom);
  const merchants = topMerchants(db, { scope: organization, from: merchantsFrom, limit: RECENT });
  // Awaited (and its failure shown) where the page renders it; this only keeps an early failure from counting as unhandled.
  merchants.catch(() => undefined);
  const [daily, rate, funding, lowBalances, failedOrders, missingCards, missingCount, reopenedCards, reopenedCount, approvals] = await readTogether(db, [
    () => spendByDay(db, { scope: organization, from: chartFrom, split: view.split }),
    () => declineRate(db, { scope: organization, from: chartFrom }),
    () => listAccountFunding(db, { organizationId: user.organizationId }),
    () => listLowBalances(db, { organizationId: user.organizationId }),
    () => listRecentFailedOrders(db, { organizationId: user.organizationId, since: failedOrdersFrom, limit: RECENT }),
    () => listCardsMissingAtProvider(db, { organizationId: user.organizationId, limit: FLAGGED_CARDS_SHOWN }),
    () => countCardsMissingAtProvider(db, { organizationId: user.organizationId, cap: ATTENTION_COUNT_CAP }),
    () => listCardsReopenedAtProvider(db, { organizationId: user.organizationId, limit: FLAGGED_CARDS_SHOWN }),
    () => countCardsReopenedAtProvider(db, { organizationId: user.organizationId, cap: ATTENTION_COUNT_CAP }),
    () => pendingApprovals(db, user),
  ]);
  return { ...view, chartFrom, spendByDay: daily, merchantsFrom, topMerchants: merchants, declineRate: rate, funding, lowBalances, failedOrders, failedOrdersFrom, missingCards, missingCount, reopenedCards, reopenedCount, approvals };
}

export const AUDITOR_DAYS = 7;

export type AuditorOverview = {
  /** A UTC midnight: the counts and the links to the audit log (`from=` this day) cover the same days. */
  since: Date;
  watch: AuditWatch;
  labels: AuditLabels;
  /** Without row counts where they would measure other organisations (lib/audit/verification-detail.ts). */
  latestVerification: VerificationStatus | null;
  lastIntact: VerificationStatus | null;
};

export async function loadAuditorOverview(db: DbOrTx, user: SessionUser, now: Date): Promise<AuditorOverview | null> {
  if (!visibilityFor(user, "audit.view")?.all) return null;
  const since = startOfWindow(now, AUDITOR_DAYS);
  const [watch, latest, lastIntact, detail] = await readTogether(db, [
    () => auditWatchSince(db, { organizationId: user.organizationId, since, recentLimit: RECENT }),
    () => latestVerification(db),
    () => lastIntactVerification(db, { fullOnly: false }),
    () => verificationDetailFor(db, user),
  ]);
  const rows = AUDIT_WATCH_KINDS.flatMap((kind) => watch[kind].recent);
  const labels = await resolveAuditLabels(db, { viewer: user, rows });
  return {
    since,
    watch,
    labels,
    latestVerification: latest ? toVerificationStatus(latest, detail) : null,
    lastIntact: lastIntact ? toVerificationStatus(lastIntact, detail) : null,
  };
}
