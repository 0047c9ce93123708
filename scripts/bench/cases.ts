import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { listAuditEvents } from "@/db/queries/audit";
import { listTransactions, type TransactionCursor, type TransactionFilters } from "@/db/queries/transactions";
import { findCardForView, listCards, visibilityCondition, type CardListFilters, type CardSort } from "@/db/queries/cards";
import { findUserByEmail } from "@/db/queries/users";
import { cards } from "@/db/schema/cards";
import { transactions } from "@/db/schema/transactions";
import { AUDIT_PAGE_SIZE, auditSearchString, type AuditFilters } from "@/lib/audit/filters";
import { visibilityFor, type VisibilityFilter } from "@/lib/auth/permissions";
import { toSessionUser, type SessionUser } from "@/lib/auth/session-user";
import { CARD_PAGE_SIZE, cardSearchString } from "@/lib/cards/list-search";
import { TRANSACTION_PAGE_SIZE, transactionSearchString } from "@/lib/transactions/list-search";
import { BENCH_FINANCE_EMAIL, BENCH_MANAGER_EMAIL, type BenchFixture } from "./generate";

export const BENCH_ROLES = ["finance", "manager"] as const;
export type BenchRole = (typeof BENCH_ROLES)[number];
export type BenchList = "cards" | "transactions" | "audit" | "card";

export type BenchCase = {
  list: BenchList;
  case: string;
  role: BenchRole;
  /** Calls the project's own query function as the page would. */
  run: (db: Db) => Promise<unknown>;
  /** The page a signed-in browser would load for the same case; null where no page exists yet. */
  httpPath: string | null;
};

/** The audit action nobody has performed in the generated data: a filter that matches nothing. */
export const UNUSED_AUDIT_ACTION = "provider_account.updated";

async function sessionUser(db: Db, email: string): Promise<SessionUser> {
  const user = await findUserByEmail(db, email);
  if (!user) throw new Error(`bench user ${email} is missing`);
  return toSessionUser(user, { id: "00000000-0000-4000-8000-000000000000", reauthenticatedAt: new Date() });
}

function visibility(user: SessionUser, action: "card.view" | "transaction.view" | "audit.view"): VisibilityFilter {
  const found = visibilityFor(user, action);
  if (!found) throw new Error(`${user.email} may not ${action}`);
  return found;
}

/** A cursor 75% of the way through the cards the user sees, newest first (found once, with OFFSET, outside the timing). */
async function deepCardCursor(db: Db, organizationId: string, scope: VisibilityFilter): Promise<{ key: string; id: string }> {
  const where = and(eq(cards.organizationId, organizationId), visibilityCondition(scope));
  const result = await db.execute<{ key: string; id: string }>(sql`
    select to_char(${cards.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as key, ${cards.id} as id from ${cards} where ${where}
    order by ${cards.createdAt} desc, ${cards.id} desc offset (select floor(count(*) * 0.75) from ${cards} where ${where}) limit 1`);
  return result.rows[0]!;
}

/** Transactions are visible through their owner and team at the time (db/queries/transactions.ts), not the card's. */
function transactionVisibility(scope: VisibilityFilter): SQL {
  if (scope.all) return sql`true`;
  const teams = scope.teamIds.length > 0 ? sql` or ${inArray(transactions.teamId, [...scope.teamIds])}` : sql``;
  return sql`(${eq(transactions.ownerUserId, scope.ownerUserId)}${teams})`;
}

async function deepTransactionCursor(db: Db, organizationId: string, scope: VisibilityFilter): Promise<TransactionCursor> {
  const where = sql`${transactions.organizationId} = ${organizationId} and ${transactionVisibility(scope)}`;
  const result = await db.execute<{ at: string; id: string }>(sql`
    select to_char(${transactions.occurredAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, ${transactions.id} as id
    from ${transactions} where ${where} order by ${transactions.occurredAt} desc, ${transactions.id} desc
    offset (select floor(count(*) * 0.75) from ${transactions} where ${where}) limit 1`);
  return result.rows[0]!;
}

export async function buildCases(db: Db, fixture: BenchFixture): Promise<BenchCase[]> {
  const users: Record<BenchRole, SessionUser> = {
    finance: await sessionUser(db, BENCH_FINANCE_EMAIL),
    manager: await sessionUser(db, BENCH_MANAGER_EMAIL),
  };
  const { organizationId } = fixture;
  const cases: BenchCase[] = [];
  for (const role of BENCH_ROLES) {
    const user = users[role];
    const cardScope = visibility(user, "card.view");
    const cardCase = (name: string, filters: CardListFilters, sort: CardSort = { field: "created", direction: "desc" }, after?: { key: string; id: string }) => {
      cases.push({
        list: "cards",
        case: name,
        role,
        run: (database) => listCards(database, { organizationId, visibility: cardScope, filters, sort, after, limit: CARD_PAGE_SIZE }),
        httpPath: `/cards${cardSearchString({ filters, sort }, { after })}`,
      });
    };
    cardCase("first page", {});
    cardCase("page 75% deep", {}, undefined, await deepCardCursor(db, organizationId, cardScope));
    cardCase("status", { status: "frozen" });
    cardCase("owner", { ownerUserId: fixture.ownerUserId });
    cardCase("team + status", { teamId: fixture.managerTeamId, status: "frozen" });
    cardCase("search last four", { q: fixture.last4 });
    cardCase("search alias", { q: fixture.aliasText });
    cardCase("search owner name", { q: fixture.ownerNameText });
    cardCase("sort alias", {}, { field: "alias", direction: "asc" });
    // Balances are ranked within one currency (db/queries/cards.ts, cardPageQuery): the generated cards hold three.
    cardCase("sort balance", { currency: "USD" }, { field: "balance", direction: "desc" });

    const transactionScope = visibility(user, "transaction.view");
    const transactionCase = (name: string, filters: TransactionFilters, after?: TransactionCursor) => {
      cases.push({
        list: "transactions",
        case: name,
        role,
        run: (database) => listTransactions(database, { organizationId, visibility: transactionScope, filters, after, limit: TRANSACTION_PAGE_SIZE }),
        httpPath: `/transactions${transactionSearchString(filters, { after })}`,
      });
    };
    transactionCase("first page", {});
    transactionCase("page 75% deep", {}, await deepTransactionCursor(db, organizationId, transactionScope));
    transactionCase("status", { status: "declined" });
    transactionCase("owner", { ownerUserId: fixture.ownerUserId });
    transactionCase("team + status", { teamId: fixture.managerTeamId, status: "declined" });
    // The list finds a card by its id (the card page's link); it has no card text search, so that case is by card.
    transactionCase("card", { cardId: fixture.cardId });
    transactionCase("date range", { from: fixture.dateFrom, to: fixture.dateTo });
    transactionCase("merchant text", { q: fixture.merchantText });
    transactionCase("amount range", { min: "1000.00", max: "1005.00" });

    const auditScope = visibility(user, "audit.view");
    const auditCase = (name: string, filters: AuditFilters) => {
      cases.push({
        list: "audit",
        case: name,
        role,
        run: (database) => listAuditEvents(database, { organizationId, visibility: auditScope, filters, limit: AUDIT_PAGE_SIZE }),
        httpPath: `/audit${auditSearchString(filters)}`,
      });
    };
    auditCase("first page", {});
    auditCase("date range", { from: fixture.dateFrom, to: fixture.dateTo });
    auditCase("filter matching nothing", { action: UNUSED_AUDIT_ACTION });

    cases.push({ list: "card", case: "card page", role, run: (database) => findCardForView(database, fixture.cardId), httpPath: `/cards/${fixture.cardId}` });
    cases.push({ list: "card", case: "card page, new card", role, run: (database) => findCardForView(database, fixture.newCardId), httpPath: `/cards/${fixture.newCardId}` });
  }
  return cases;
}
