/**
 * "Your spend this month" links to this month's transactions, whose totals are the figure (README). For a person who
 * holds the employee role and another that sees more transactions (a manager here; finance, auditor, admin alike), the
 * list must be narrowed to their own cards, or its totals hold their team's spend too (review diff44a, finding 1).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { loadEmployeeOverview } from "@/lib/overview/load-overview";
import { transactionTotals } from "@/db/queries/transactions";
import { cards } from "@/db/schema/cards";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { transactions } from "@/db/schema/transactions";
import { userRoles } from "@/db/schema/users";
import { seedDemo } from "@/db/seed";
import { visibilityFor } from "@/lib/auth/permissions";
import { parseTransactionSearch } from "@/lib/transactions/list-search";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor } from "@/test/session-user";

const database = withTestDatabase();
const db = () => database.db();
const NOW = new Date("2026-11-20T12:00:00Z");

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
});

describe("employee overview spend link for a person with two roles", () => {
  it("lists and totals exactly the rows the figure counts", async () => {
    const manager0 = await sessionUserFor(db(), "manager@demo.test");
    const employee = await sessionUserFor(db(), "employee@demo.test");
    // The manager also holds the employee role (roles are a set; the people page allows several).
    await db().insert(userRoles).values({ userId: manager0.id, role: "employee" });
    const manager = await sessionUserFor(db(), "manager@demo.test");
    expect(manager.roles).toContain("employee");
    const nobepayId = (await db().select().from(providerAccounts)).find((a) => a.provider === "nobepay")!.id;
    const card = async (alias: string, ownerUserId: string, teamId: string | null) =>
      (await db().insert(cards).values({ organizationId: manager.organizationId, providerAccountId: nobepayId, providerCardId: alias, cardModel: "prepaid", alias, currency: "USD", status: "active", ownerUserId, teamId, balance: 0n }).returning({ id: cards.id }))[0]!.id;
    const own = await card("Omar own", manager.id, manager.managedTeamIds[0]!);
    const eli = await card("Eli team", employee.id, employee.teamIds[0]!);
    let n = 0;
    const row = (cardId: string, ownerUserId: string, teamId: string, amount: bigint) => ({
      organizationId: manager.organizationId, providerAccountId: nobepayId, providerTransactionId: `p-${++n}`, cardId, ownerUserId, teamId,
      type: "purchase" as const, status: "settled" as const, statusRank: 2, direction: "debit" as const, amount, currency: "USD", merchantName: "Shop", occurredAt: new Date("2026-11-10T10:00:00Z"),
    });
    await db().insert(transactions).values([row(own, manager.id, manager.managedTeamIds[0]!, 1_000n), row(eli, employee.id, employee.teamIds[0]!, 50_000n)]);

    const overview = await loadEmployeeOverview(db(), manager, NOW);
    const figure = overview.spendThisMonth.find((m) => m.currency === "USD")!.thisMonth;
    const filters = parseTransactionSearch(new URL(overview.spendHref, "http://x").searchParams).filters;
    const listed = (await transactionTotals(db(), { organizationId: manager.organizationId, visibility: visibilityFor(manager, "transaction.view")!, filters })).find((t) => t.currency === "USD")!.spent;
    expect(figure).toBe(1_000n);
    expect(listed).toBe(figure);
  });
});
