import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, ne, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { eligibleTeamManager } from "@/db/queries/eligible-team-manager";
import { cards } from "@/db/schema/cards";
import { providerAccounts } from "@/db/schema/provider-accounts";
import {
  cardRequestEvents,
  cardRequests,
  FUNDING_REQUEST_KINDS,
  OPEN_REQUEST_STATUSES,
  STANDING_REQUEST_STATUSES,
  type FundingRequestKind,
  type RequestEventType,
  type RequestKind,
  type RequestStatus,
} from "@/db/schema/requests";
import { teamMemberships, teams } from "@/db/schema/teams";
import { userRoles, users } from "@/db/schema/users";
import { keysetPage } from "@/lib/lists/keyset-page";

export type CardRequestRow = typeof cardRequests.$inferSelect;
export type NewCardRequest = typeof cardRequests.$inferInsert;
export type RequestEventRow = typeof cardRequestEvents.$inferSelect;

export async function insertRequest(db: DbOrTx, values: NewCardRequest): Promise<CardRequestRow> {
  const [row] = await db.insert(cardRequests).values(values).returning();
  if (!row) throw new Error("request insert returned nothing");
  return row;
}

export async function findRequest(db: DbOrTx, id: string): Promise<CardRequestRow | null> {
  const [row] = await db.select().from(cardRequests).where(eq(cardRequests.id, id)).limit(1);
  return row ?? null;
}

/** Locks the request for the rest of the transaction: approvals, cancels and the executor take turns. */
export async function lockRequest(db: DbOrTx, id: string): Promise<CardRequestRow | null> {
  const [row] = await db.select().from(cardRequests).where(eq(cardRequests.id, id)).for("update").limit(1);
  return row ?? null;
}

export async function updateRequest(db: DbOrTx, id: string, values: Partial<NewCardRequest>): Promise<CardRequestRow> {
  const [row] = await db.update(cardRequests).set({ ...values, updatedAt: new Date() }).where(eq(cardRequests.id, id)).returning();
  if (!row) throw new Error(`request ${id} vanished during update`);
  return row;
}

export async function insertRequestEvent(
  db: DbOrTx,
  values: { requestId: string; type: RequestEventType; actorUserId: string | null; step?: number; comment?: string | null; changes?: RequestEventRow["changes"]; actedAs?: RequestEventRow["actedAs"] },
): Promise<RequestEventRow> {
  const [row] = await db.insert(cardRequestEvents).values(values).returning();
  if (!row) throw new Error("request event insert returned nothing");
  return row;
}

export type RequestEventView = RequestEventRow & { actorName: string | null; actorEmail: string | null };

export async function listRequestEvents(db: DbOrTx, requestId: string): Promise<RequestEventView[]> {
  const rows = await db
    .select({ event: cardRequestEvents, actorName: users.name, actorEmail: users.email })
    .from(cardRequestEvents)
    .leftJoin(users, eq(cardRequestEvents.actorUserId, users.id))
    .where(eq(cardRequestEvents.requestId, requestId))
    .orderBy(asc(cardRequestEvents.createdAt), asc(cardRequestEvents.id));
  return rows.map(({ event, ...names }) => ({ ...event, ...names }));
}

/** Approved or executing requests whose next look is due: what the sweep re-drives after a crash. */
export async function listDueRequests(db: DbOrTx, params: { now: Date; limit: number }): Promise<{ id: string }[]> {
  return db
    .select({ id: cardRequests.id })
    .from(cardRequests)
    .where(and(inArray(cardRequests.status, ["approved", "executing"]), lte(cardRequests.nextCheckAt, params.now)))
    .orderBy(asc(cardRequests.nextCheckAt))
    .limit(params.limit);
}

/** Active people who may take a step: managers of the team, or finance members, of the organisation. */
export async function listApproverCandidates(
  db: DbOrTx,
  params: { organizationId: string; role: "team_manager" | "finance"; teamId: string },
): Promise<{ id: string; name: string; email: string }[]> {
  const base = and(eq(users.organizationId, params.organizationId), eq(users.active, true));
  if (params.role === "team_manager") {
    return db
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .innerJoin(teamMemberships, and(eq(teamMemberships.userId, users.id), eq(teamMemberships.teamId, params.teamId), eq(teamMemberships.isManager, true)))
      .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "manager")))
      .where(base)
      .orderBy(asc(users.name));
  }
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "finance")))
    .where(base)
    .orderBy(asc(users.name));
}

export type RequestCursor = { key: string; id: string };

/**
 * "waiting": approved or executing and held back by another change to its card (isWaitingOnCard), which the list's
 * badge reads as its own status; "approved" and "executing" then leave those out, so filter and badge agree.
 */
export const WAITING_ON_CARD_FILTER = "waiting";
export type RequestStatusFilter = RequestStatus | typeof WAITING_ON_CARD_FILTER;

export type RequestListFilters = {
  status?: RequestStatusFilter;
  kind?: RequestKind;
  requesterUserId?: string;
  teamId?: string;
  /** Inclusive UTC dates, YYYY-MM-DD. */
  from?: string;
  to?: string;
};

/**
 * Which requests a list shows. "inbox" = those waiting for this person's approval now (managedTeamIds: the teams they
 * manage, role included: lib/auth/permissions.ts managedTeamIdsOf, as inboxScopeOf passes); "mine" = those for them
 * and those they filed for someone else (finance asking on a person's behalf: only the requester may cancel it);
 * "visible" = what request.view allows (everything, or theirs plus their managed teams').
 */
export type RequestListScope =
  | { kind: "inbox"; userId: string; managedTeamIds: readonly string[]; isFinance: boolean }
  | { kind: "mine"; userId: string }
  | { kind: "visible"; all: true }
  | { kind: "visible"; all: false; userId: string; teamIds: readonly string[] };

export type RequestListRow = {
  id: string;
  kind: RequestKind;
  status: RequestStatus;
  awaiting: CardRequestRow["awaiting"];
  steps: CardRequestRow["steps"];
  currentStep: number;
  currency: string;
  requested: CardRequestRow["requested"];
  approved: CardRequestRow["approved"];
  purpose: string;
  neededBy: string | null;
  requesterUserId: string;
  requesterName: string;
  beneficiaryUserId: string;
  beneficiaryName: string;
  teamId: string;
  teamName: string;
  cardId: string | null;
  cardAlias: string | null;
  /** The name a new-card request asks its card to have (details.alias), so two such rows can be told apart. */
  requestedAlias: string | null;
  failureMessage: string | null;
  createdAt: Date;
  /** Waiting for a manager step that finance takes, as the team has no manager who may (see inboxCondition). */
  financeStandsIn: boolean;
  /** Set while an approved request waits for another change to its card (lib/requests/waiting-on-card.ts). */
  cardBusySince: Date | null;
};

export type RequestListPage = { rows: RequestListRow[]; nextCursor: RequestCursor | null; previousCursor: RequestCursor | null };

/**
 * An active manager of the request's team who may take its manager step: not the requester, not the person it is
 * for, not the previous step's approver (lib/requests/policy.ts, eligibleApprovers, in SQL).
 */
function eligibleRequestManager(): SQL {
  return eligibleTeamManager({
    teamId: cardRequests.teamId,
    organizationId: cardRequests.organizationId,
    notUserIds: [cardRequests.requesterUserId, cardRequests.beneficiaryUserId, cardRequests.lastApproverUserId],
  });
}

/** Whether a request waits for a manager step that finance takes, as its team has no manager who may (a boolean column). */
export function financeStandsInColumn(): SQL<boolean> {
  return sql<boolean>`(${cardRequests.status} = 'pending' and ${cardRequests.awaiting} = 'team_manager' and not exists (${eligibleRequestManager()}))`;
}

/** The inbox condition, shared by the list and the navigation's "Waiting for you" count. */
export function inboxCondition(scope: Extract<RequestListScope, { kind: "inbox" }>): SQL {
  const mine: SQL[] = [];
  if (scope.managedTeamIds.length > 0) mine.push(and(eq(cardRequests.awaiting, "team_manager"), inArray(cardRequests.teamId, [...scope.managedTeamIds]))!);
  if (scope.isFinance) {
    mine.push(eq(cardRequests.awaiting, "finance"));
    // A manager step nobody can take (the team has no manager who may): finance takes it (policy.ts, financeStandsIn).
    mine.push(and(eq(cardRequests.awaiting, "team_manager"), sql`not exists (${eligibleRequestManager()})`)!);
  }
  return and(
    eq(cardRequests.status, "pending"),
    mine.length > 0 ? or(...mine) : sql`false`,
    // Four eyes: not one's own request, not a request for oneself, not a second step after one's first.
    ne(cardRequests.requesterUserId, scope.userId),
    ne(cardRequests.beneficiaryUserId, scope.userId),
    sql`${cardRequests.lastApproverUserId} is distinct from ${scope.userId}::uuid`,
  )!;
}

function scopeCondition(scope: RequestListScope): SQL | undefined {
  switch (scope.kind) {
    case "inbox":
      return inboxCondition(scope);
    case "mine":
      // One index per side of the OR: card_requests_beneficiary_idx and card_requests_requester_idx.
      return or(eq(cardRequests.beneficiaryUserId, scope.userId), eq(cardRequests.requesterUserId, scope.userId));
    case "visible":
      if (scope.all) return undefined;
      return scope.teamIds.length > 0
        ? or(eq(cardRequests.beneficiaryUserId, scope.userId), eq(cardRequests.requesterUserId, scope.userId), inArray(cardRequests.teamId, [...scope.teamIds]))
        : or(eq(cardRequests.beneficiaryUserId, scope.userId), eq(cardRequests.requesterUserId, scope.userId));
  }
}

/** card_requests_waiting_idx serves "waiting" in list order (its predicate, word for word); card_requests_status_idx the rest. */
function statusFilterCondition(status: RequestStatusFilter): SQL {
  if (status === WAITING_ON_CARD_FILTER) return sql`${cardRequests.status} in ('approved', 'executing') and ${cardRequests.cardBusySince} is not null`;
  if (status === "approved" || status === "executing") return and(eq(cardRequests.status, status), isNull(cardRequests.cardBusySince))!;
  return eq(cardRequests.status, status);
}

const createdText = sql<string>`to_char(${cardRequests.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * One page, newest first, keyset-paginated on (created_at, id): ORDER BY created_at DESC, id DESC, which the
 * card_requests_* indexes store in exactly that order (DESC NULLS FIRST).
 */
export async function listRequests(
  db: DbOrTx,
  params: { organizationId: string; scope: RequestListScope; filters: RequestListFilters; after?: RequestCursor; before?: RequestCursor; limit: number },
): Promise<RequestListPage> {
  const { filters } = params;
  const conditions: (SQL | undefined)[] = [eq(cardRequests.organizationId, params.organizationId), scopeCondition(params.scope)];
  if (filters.status) conditions.push(statusFilterCondition(filters.status));
  if (filters.kind) conditions.push(eq(cardRequests.kind, filters.kind));
  if (filters.requesterUserId) conditions.push(eq(cardRequests.requesterUserId, filters.requesterUserId));
  if (filters.teamId) conditions.push(eq(cardRequests.teamId, filters.teamId));
  if (filters.from) conditions.push(sql`${cardRequests.createdAt} >= ${filters.from}::date::timestamp at time zone 'UTC'`);
  if (filters.to) conditions.push(sql`${cardRequests.createdAt} < (${filters.to}::date + 1)::timestamp at time zone 'UTC'`);
  const backwards = params.before !== undefined;
  const cursor = params.before ?? params.after;
  if (cursor) {
    const value = sql`(${cursor.key}::timestamptz, ${cursor.id}::uuid)`;
    conditions.push(backwards ? sql`(${cardRequests.createdAt}, ${cardRequests.id}) > ${value}` : sql`(${cardRequests.createdAt}, ${cardRequests.id}) < ${value}`);
  }
  const requester = alias(users, "requester");
  const beneficiary = alias(users, "beneficiary");
  const fetched = await db
    .select({
      id: cardRequests.id,
      kind: cardRequests.kind,
      status: cardRequests.status,
      awaiting: cardRequests.awaiting,
      steps: cardRequests.steps,
      currentStep: cardRequests.currentStep,
      currency: cardRequests.currency,
      requested: cardRequests.requested,
      approved: cardRequests.approved,
      purpose: cardRequests.purpose,
      neededBy: cardRequests.neededBy,
      requesterUserId: cardRequests.requesterUserId,
      requesterName: requester.name,
      beneficiaryUserId: cardRequests.beneficiaryUserId,
      beneficiaryName: beneficiary.name,
      teamId: cardRequests.teamId,
      teamName: teams.name,
      financeStandsIn: financeStandsInColumn(),
      cardBusySince: cardRequests.cardBusySince,
      cardId: cardRequests.cardId,
      cardAlias: cards.alias,
      requestedAlias: sql<string | null>`${cardRequests.details} ->> 'alias'`,
      failureMessage: cardRequests.failureMessage,
      createdAt: cardRequests.createdAt,
      sortKey: createdText.mapWith(String),
    })
    .from(cardRequests)
    .innerJoin(requester, eq(cardRequests.requesterUserId, requester.id))
    .innerJoin(beneficiary, eq(cardRequests.beneficiaryUserId, beneficiary.id))
    .innerJoin(teams, eq(cardRequests.teamId, teams.id))
    .leftJoin(cards, eq(cardRequests.cardId, cards.id))
    .where(and(...conditions))
    .orderBy(...(backwards ? [asc(cardRequests.createdAt), asc(cardRequests.id)] : [desc(cardRequests.createdAt), desc(cardRequests.id)]))
    .limit(params.limit + 1);
  const page = keysetPage(fetched, {
    limit: params.limit,
    backwards,
    fromCursor: cursor !== undefined,
    toCursor: (row): RequestCursor => ({ key: row.sortKey, id: row.id }),
  });
  return { ...page, rows: page.rows.map(({ sortKey: _sortKey, ...row }) => row) };
}

/** The navigation's "Waiting for you" number. */
export async function countWaitingFor(db: DbOrTx, params: { organizationId: string; scope: Extract<RequestListScope, { kind: "inbox" }> }): Promise<number> {
  const [row] = await db
    .select({ value: sql<number>`count(*)::int` })
    .from(cardRequests)
    .where(and(eq(cardRequests.organizationId, params.organizationId), inboxCondition(params.scope)));
  return row?.value ?? 0;
}

/** Requests still open on a card, so a second unfreeze or top-up request for it is not filed twice. */
export async function hasOpenRequestForCard(db: DbOrTx, params: { cardId: string; kind: RequestKind }): Promise<boolean> {
  const [row] = await db
    .select({ id: cardRequests.id })
    .from(cardRequests)
    .where(and(eq(cardRequests.cardId, params.cardId), eq(cardRequests.kind, params.kind), inArray(cardRequests.status, [...OPEN_REQUEST_STATUSES])))
    .limit(1);
  return !!row;
}

/**
 * Serialises, until the transaction ends, the filings that put money on one person's cards: each adds up the earlier
 * requests with the one filed a moment before it, even on another card (whose lock it does not share) or a new card.
 */
export async function lockFundingRequestsOf(db: DbOrTx, beneficiaryUserId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`request-funding:${beneficiaryUserId}`}, 0))`);
}

/**
 * Per kind, how many of a person's standing requests put money on a card in this currency in the last `days` days (by
 * the database's clock), and their approved amounts' sum. Reads card_requests_beneficiary_idx over the window only.
 */
export async function sumRecentFundingRequests(
  db: DbOrTx,
  params: { organizationId: string; beneficiaryUserId: string; currency: string; days: number },
): Promise<{ kind: FundingRequestKind; count: number; amount: bigint }[]> {
  // MONEY: what each request made spendable, as lib/requests/terms.ts (fundingAmountOf) weighs it: a top-up or new
  // card by its amount, else a new ShareBalance card by its lifetime limit; a limit increase by how far it raises the
  // lifetime limit above the one the card had when it was filed. Null (left out) when the request states no such sum.
  const funded = sql`case when ${cardRequests.kind} = 'limit_increase'
      then case when ${cardRequests.approved} ->> 'lifetimeLimit' is null or ${cardRequests.details} ->> 'lifetimeLimitBefore' is null then null
        else greatest((${cardRequests.approved} ->> 'lifetimeLimit')::bigint - (${cardRequests.details} ->> 'lifetimeLimitBefore')::bigint, 0) end
      else coalesce(${cardRequests.approved} ->> 'amount', ${cardRequests.approved} ->> 'lifetimeLimit')::bigint end`;
  const rows = await db
    .select({
      kind: cardRequests.kind,
      count: sql<number>`count(*)::int`,
      amount: sql<string>`coalesce(sum(${funded}), 0)::text`,
    })
    .from(cardRequests)
    .where(
      and(
        eq(cardRequests.beneficiaryUserId, params.beneficiaryUserId),
        sql`${cardRequests.createdAt} >= now() - make_interval(days => ${params.days}::int)`,
        eq(cardRequests.organizationId, params.organizationId),
        eq(cardRequests.currency, params.currency),
        inArray(cardRequests.kind, [...FUNDING_REQUEST_KINDS]),
        inArray(cardRequests.status, [...STANDING_REQUEST_STATUSES]),
        // A ShareBalance card without a lifetime limit, and a limit set on a card that had none, were weighed on their own.
        sql`(${funded}) is not null`,
      ),
    )
    .groupBy(cardRequests.kind)
    .orderBy(asc(cardRequests.kind));
  return rows.map((row) => ({ kind: row.kind as FundingRequestKind, count: row.count, amount: BigInt(row.amount) }));
}

/** Locks a card's requests that can still be withdrawn (not yet being carried out), oldest first. */
export async function lockWithdrawableRequestsForCard(db: DbOrTx, cardId: string): Promise<CardRequestRow[]> {
  return db
    .select()
    .from(cardRequests)
    .where(and(eq(cardRequests.cardId, cardId), inArray(cardRequests.status, ["pending", "approved"])))
    .orderBy(asc(cardRequests.createdAt), asc(cardRequests.id))
    .for("update");
}

/** Where the withdrawal sweep's walk stopped: the last request's card and kind (one open request per card and kind). */
export type OpenRequestKey = { cardId: string; kind: RequestKind };

/**
 * The requests not yet being carried out (pending, approved) that name a card, with the card and its provider, by card
 * and kind after `after`: what the withdrawal sweep weighs. Walks card_requests_one_open_per_card_kind in its order
 * (the statuses are written out so the planner sees they fall within the index's), the card and its account by key.
 */
export function withdrawableRequestsOnCardsQuery(db: DbOrTx, params: { after: OpenRequestKey | null; limit: number }) {
  return db
    .select({ request: cardRequests, card: cards, provider: providerAccounts.provider })
    .from(cardRequests)
    .innerJoin(cards, eq(cards.id, cardRequests.cardId))
    .innerJoin(providerAccounts, eq(providerAccounts.id, cards.providerAccountId))
    .where(
      and(
        sql`${cardRequests.status} in ('pending', 'approved')`,
        params.after ? sql`(${cardRequests.cardId}, ${cardRequests.kind}) > (${params.after.cardId}::uuid, ${params.after.kind})` : isNotNull(cardRequests.cardId),
      ),
    )
    .orderBy(asc(cardRequests.cardId), asc(cardRequests.kind))
    .limit(params.limit);
}

/**
 * The open requests about these cards, per card (kind → request id; at most one per card and kind), for the
 * new-request form: a card is shown as already requested for those kinds. Reads card_requests_one_open_per_card_kind.
 */
export async function listOpenRequestsForCards(db: DbOrTx, cardIds: readonly string[]): Promise<Map<string, Partial<Record<RequestKind, string>>>> {
  const open = new Map<string, Partial<Record<RequestKind, string>>>();
  if (cardIds.length === 0) return open;
  const rows = await db
    .select({ id: cardRequests.id, cardId: cardRequests.cardId, kind: cardRequests.kind })
    .from(cardRequests)
    .where(and(inArray(cardRequests.cardId, [...cardIds]), inArray(cardRequests.status, [...OPEN_REQUEST_STATUSES])));
  for (const row of rows) open.set(row.cardId!, { ...open.get(row.cardId!), [row.kind]: row.id });
  return open;
}

/** The open requests about one card (kind → id), for the card page's "Request …" links. */
export async function listOpenRequestsForCard(db: DbOrTx, cardId: string): Promise<Map<RequestKind, string>> {
  const open = (await listOpenRequestsForCards(db, [cardId])).get(cardId) ?? {};
  return new Map(Object.entries(open) as [RequestKind, string][]);
}

/**
 * Locks the requests a person filed or that are for them and that can still be withdrawn (not yet being carried out),
 * oldest first. Reads card_requests_requester_idx and card_requests_beneficiary_idx, one per side of the OR.
 */
export async function lockWithdrawableRequestsOfPerson(db: DbOrTx, params: { organizationId: string; userId: string }): Promise<CardRequestRow[]> {
  return db
    .select()
    .from(cardRequests)
    .where(
      and(
        or(eq(cardRequests.requesterUserId, params.userId), eq(cardRequests.beneficiaryUserId, params.userId)),
        eq(cardRequests.organizationId, params.organizationId),
        inArray(cardRequests.status, ["pending", "approved"]),
      ),
    )
    .orderBy(asc(cardRequests.createdAt), asc(cardRequests.id))
    .for("update");
}

/** The approvals given so far on a request, one per step (a unique index says so), in step order. */
export async function listRequestApprovals(db: DbOrTx, requestId: string): Promise<{ step: number | null; approverUserId: string | null; actedAs: "finance" | null }[]> {
  return db
    .select({ step: cardRequestEvents.step, approverUserId: cardRequestEvents.actorUserId, actedAs: cardRequestEvents.actedAs })
    .from(cardRequestEvents)
    .where(and(eq(cardRequestEvents.requestId, requestId), eq(cardRequestEvents.type, "approved")))
    .orderBy(asc(cardRequestEvents.step));
}

/** A team's requests waiting for its manager (card_requests_awaiting_idx, then the team), oldest first. */
export async function listRequestsAwaitingTeamManager(db: DbOrTx, params: { organizationId: string; teamId: string; limit: number }): Promise<CardRequestRow[]> {
  return db
    .select()
    .from(cardRequests)
    .where(and(eq(cardRequests.organizationId, params.organizationId), eq(cardRequests.status, "pending"), eq(cardRequests.awaiting, "team_manager"), eq(cardRequests.teamId, params.teamId)))
    .orderBy(asc(cardRequests.createdAt), asc(cardRequests.id))
    .limit(params.limit);
}

/**
 * What deciding on each of a list page's waiting requests weighs (lib/requests/list-decisions.ts): the request's step
 * and parties, whether finance stands in for its team's manager, and the card it is about as the approval rules read
 * it, with its provider and account. One statement for the page, by primary key; nothing heavier than those columns.
 */
export async function listRequestDecisionContexts(db: DbOrTx, params: { organizationId: string; requestIds: readonly string[] }) {
  if (params.requestIds.length === 0) return [];
  const rows = await db
    .select({
      request: {
        id: cardRequests.id,
        organizationId: cardRequests.organizationId,
        kind: cardRequests.kind,
        status: cardRequests.status,
        awaiting: cardRequests.awaiting,
        steps: cardRequests.steps,
        currentStep: cardRequests.currentStep,
        teamId: cardRequests.teamId,
        requesterUserId: cardRequests.requesterUserId,
        beneficiaryUserId: cardRequests.beneficiaryUserId,
        lastApproverUserId: cardRequests.lastApproverUserId,
        currency: cardRequests.currency,
        requested: cardRequests.requested,
        approved: cardRequests.approved,
        details: cardRequests.details,
        policyAmount: cardRequests.policyAmount,
      },
      financeStandsIn: financeStandsInColumn(),
      card: {
        organizationId: cards.organizationId,
        ownerUserId: cards.ownerUserId,
        teamId: cards.teamId,
        cardModel: cards.cardModel,
        status: cards.status,
        providerStatus: cards.providerStatus,
        balance: cards.balance,
        currency: cards.currency,
        limitPerTransaction: cards.limitPerTransaction,
        limitLifetime: cards.limitLifetime,
        limitUsed: cards.limitUsed,
        providerMissingSince: cards.providerMissingSince,
      },
      provider: providerAccounts.provider,
      accountActive: providerAccounts.active,
    })
    .from(cardRequests)
    .leftJoin(cards, eq(cards.id, cardRequests.cardId))
    .leftJoin(providerAccounts, eq(providerAccounts.id, cards.providerAccountId))
    .where(and(inArray(cardRequests.id, [...params.requestIds]), eq(cardRequests.organizationId, params.organizationId), eq(cardRequests.status, "pending")));
  return rows.map(({ request, financeStandsIn, card, provider, accountActive }) => ({
    request,
    financeStandsIn,
    // As findCardForView reads it: a card with its provider account, or none.
    card: card && provider !== null && accountActive !== null ? { ...card, provider, accountActive } : null,
  }));
}
