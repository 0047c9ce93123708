import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { listAuditEvents } from "@/db/queries/audit";
import { findCardForView, listCards, visibilityCondition, type CardListFilters, type CardSort } from "@/db/queries/cards";
import { findUserByEmail } from "@/db/queries/users";
import { cards } from "@/db/schema/cards";
import { transactions } from "@/db/schema/transactions";
import { AUDIT_PAGE_SIZE, auditSearchString, type AuditFilters } from "@/lib/audit/filters";
import { visibilityFor, type VisibilityFilter } from "@/lib/auth/permissions";
import { toSessionUser, type SessionUser } from "@/lib/auth/session-user";
import { CARD_PAGE_SIZE, cardSearchString } from "@/lib/cards/list-search";
import { BENCH_FINANCE_EMAIL, BENCH_MANAGER_EMAIL, type BenchFixture } from "./generate";
import { listBenchTransactions, type BenchTransactionFilters } from "./transactions-list";

export const BENCH_ROLES = ["finance", "manager"] as const;
export type BenchRole = (typeof BENCH_ROLES)[number];
export type BenchList = "cards" | "transactions" | "audit" | "card";

export type BenchCase = {
  list: BenchList;
  case: string;
  role: BenchRole;
  /** Calls the project's own query function (for transactions, the marked stand-in) as the page would. */
  run: (db: Db) => Promise<unknown>;
  /** The page a signed-in browser would load for the same case; null where no page exists yet. */
  httpPath: string | null;
};

/** The audit action nobody has performed in the generated data: a filter that matches nothing. */
export const UNUSED_AUDIT_ACTION = "provider_account.updated";
const TRANSACTION_PAGE_SIZE = 50;

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

async function deepTransactionCursor(db: Db, organizationId: string, scope: VisibilityFilter): Promise<{ occurredAt: string; id: string }> {
  const visibleCards = scope.all ? sql`true` : sql`${transactions.cardId} in (select ${cards.id} from ${cards} where ${and(eq(cards.organizationId, organizationId), visibilityCondition(scope))})`;
  const where = sql`${transactions.organizationId} = ${organizationId} and ${visibleCards}`;
  const result = await db.execute<{ occurred_at: string; id: string }>(sql`
    select to_char(${transactions.occurredAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurred_at, ${transactions.id} as id
    from ${transactions} where ${where} order by ${transactions.occurredAt} desc, ${transactions.id} desc
    offset (select floor(count(*) * 0.75) from ${transactions} where ${where}) limit 1`);
  const row = result.rows[0]!;
  return { occurredAt: row.occurred_at, id: row.id };
}

export async function buildCases(db: Db, fixture: BenchFixture): Promise<BenchCase[]> {
  const users: Record<BenchRole, SessionUser> = {
    finance: await sessionUser(db, BENCH_FINANCE_EMAIL),
    manager: await sessionUser(db, BENCH_MANAGER_EMAIL),
  };
  const { organizationId } = fixture;
  const dayAfterTo = new Date(Date.parse(`${fixture.dateTo}T00:00:00Z`) + 86_400_000);
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
    cardCase("sort balance", {}, { field: "balance", direction: "desc" });

    const transactionScope = visibility(user, "transaction.view");
    const transactionCase = (name: string, filters: BenchTransactionFilters, after?: { occurredAt: string; id: string }) => {
      cases.push({
        list: "transactions",
        case: name,
        role,
        run: (database) => listBenchTransactions(database, { organizationId, visibility: transactionScope, filters, after, limit: TRANSACTION_PAGE_SIZE }),
        // The /transactions page is being built on the transactions branch; there is no list page to load yet.
        httpPath: null,
      });
    };
    transactionCase("first page", {});
    transactionCase("page 75% deep", {}, await deepTransactionCursor(db, organizationId, transactionScope));
    transactionCase("status", { status: "declined" });
    transactionCase("owner", { ownerUserId: fixture.ownerUserId });
    transactionCase("team + status", { teamId: fixture.managerTeamId, status: "declined" });
    transactionCase("search last four", { q: fixture.last4 });
    transactionCase("search alias", { q: fixture.aliasText });
    transactionCase("search owner name", { q: fixture.ownerNameText });
    transactionCase("date range", { from: new Date(`${fixture.dateFrom}T00:00:00Z`), toExclusive: dayAfterTo });
    transactionCase("merchant text", { merchant: fixture.merchantText });
    transactionCase("amount range", { minAmount: 100_000n, maxAmount: 100_500n });

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
  }
  return cases;
}
