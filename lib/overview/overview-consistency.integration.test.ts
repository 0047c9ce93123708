import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { declinesCounted } from "@/components/overview/decline-rate";
import { EmployeeOverviewSection } from "@/components/overview/employee-overview";
import { TopMerchantList } from "@/components/overview/finance-overview";
import { ManagerOverviewSection } from "@/components/overview/manager-overview";
import { PendingApprovalsPanel } from "@/components/overview/pending-approvals";
import { spendThisMonthAgainstLast } from "@/db/queries/overview-spend";
import { transactionTotals, transactionTotalsFromRows } from "@/db/queries/transactions";
import { cards } from "@/db/schema/cards";
import { cardRequests } from "@/db/schema/requests";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { transactions, type LedgerStatus } from "@/db/schema/transactions";
import { seedDemo } from "@/db/seed";
import { visibilityFor } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { parseTransactionSearch } from "@/lib/transactions/list-search";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor } from "@/test/session-user";
import { loadEmployeeOverview, loadFinanceOverview, loadManagerOverview } from "./load-overview";

/**
 * One figure, two screens: each test reads a figure the overview shows and the screen it links to (or the same figure
 * elsewhere) over a dataset where they used to differ, and holds them equal.
 */

const database = withTestDatabase();
const db = () => database.db();
const NOW = new Date("2026-11-20T12:00:00Z");
let finance: SessionUser;
let manager: SessionUser;
let manager2: SessionUser;
let employee: SessionUser;
let nobepayId: string;
let eliCard: string;
let managerOwnCard: string;
let serial = 0;

type Row = { status: LedgerStatus; amount: bigint; at: string; cardId: string | null; owner: SessionUser | null; teamId?: string | null; merchant?: string };

async function insertRows(rows: Row[]): Promise<void> {
  await db()
    .insert(transactions)
    .values(
      rows.map((row) => ({
        organizationId: finance.organizationId,
        providerAccountId: nobepayId,
        providerTransactionId: `oc-${++serial}`,
        cardId: row.cardId,
        ownerUserId: row.owner?.id ?? null,
        teamId: row.teamId === undefined ? (row.owner?.teamIds[0] ?? null) : row.teamId,
        type: "purchase",
        status: row.status,
        statusRank: row.status === "authorised" ? 1 : 2,
        direction: "debit" as const,
        amount: row.amount,
        currency: "USD",
        merchantName: row.merchant ?? "Coffee Corner",
        occurredAt: new Date(row.at),
      })),
    );
}

const usd = (totals: { currency: string; spent: bigint }[]) => totals.find((total) => total.currency === "USD")?.spent ?? 0n;
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").replaceAll("&#x27;", "'").replaceAll("&amp;", "&");
const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((match) => match[1]!.replaceAll("&amp;", "&"));
const searchOf = (href: string) => parseTransactionSearch(new URL(href, "http://cardhub.test").searchParams);

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  const user = (name: string) => sessionUserFor(db(), `${name}@demo.test`);
  [finance, manager, manager2, employee] = [await user("finance"), await user("manager"), await user("manager2"), await user("employee")];
  nobepayId = (await db().select().from(providerAccounts)).find((account) => account.provider === "nobepay")!.id;
  const card = async (alias: string, owner: SessionUser, teamId: string | null) =>
    (
      await db()
        .insert(cards)
        .values({ organizationId: finance.organizationId, providerAccountId: nobepayId, providerCardId: alias, cardModel: "prepaid", alias, currency: "USD", status: "active", ownerUserId: owner.id, teamId, balance: 0n })
        .returning({ id: cards.id })
    )[0]!.id;
  eliCard = await card("Eli cloud", employee, employee.teamIds[0]!);
  // The manager's own card in no team (a company card issued to him).
  managerOwnCard = await card("Omar own", manager, null);
  await insertRows([
    // Top merchants (the 30-day panel of 20 November covers October and November).
    { status: "settled", amount: 10_000n, at: "2026-11-10T10:00:00Z", cardId: eliCard, owner: employee, merchant: "AWS" },
    { status: "settled", amount: 7_000n, at: "2026-01-15T10:00:00Z", cardId: eliCard, owner: employee, merchant: "AWS" },
    { status: "settled", amount: 60_000n, at: "2026-11-12T10:00:00Z", cardId: eliCard, owner: employee, merchant: "  " },
    // Last month, one minute either side of the instant `NOW` is of this month.
    { status: "settled", amount: 300n, at: "2026-10-20T11:59:00Z", cardId: eliCard, owner: employee },
    { status: "settled", amount: 400n, at: "2026-10-20T12:01:00Z", cardId: eliCard, owner: employee },
    // Declines this month: the team's, and one on the manager's own card outside every team.
    { status: "declined", amount: 2_000n, at: "2026-11-05T10:00:00Z", cardId: eliCard, owner: employee },
    { status: "declined", amount: 1_000n, at: "2026-11-06T10:00:00Z", cardId: managerOwnCard, owner: manager, teamId: null },
    // Last month's decline: outside the panel and its link.
    { status: "declined", amount: 1_500n, at: "2026-10-30T10:00:00Z", cardId: eliCard, owner: employee },
  ]);
});

describe("request amounts on the overview", () => {
  it("show the approved terms an approver lowered, as the request list does, with what was asked beside them", async () => {
    await db().insert(cardRequests).values({
      organizationId: finance.organizationId, kind: "top_up", status: "pending", steps: ["team_manager", "finance"], currentStep: 1, awaiting: "finance",
      requesterUserId: employee.id, beneficiaryUserId: employee.id, teamId: employee.teamIds[0]!, cardId: eliCard, providerAccountId: nobepayId, currency: "USD",
      policyAmount: 90_000n, threshold: 100_000n, requested: { amount: "90000" }, approved: { amount: "80000" }, purpose: "Ads", lastApproverUserId: manager.id,
    });
    const mine = await loadEmployeeOverview(db(), employee, NOW);
    expect(mine.openRequests.map((request) => request.approved)).toEqual([{ amount: "80000" }]);
    const employeeText = text(renderToStaticMarkup(createElement(EmployeeOverviewSection, { data: mine, viewer: employee })));
    expect(employeeText).toContain("$800.00 asked $900.00");

    const company = (await loadFinanceOverview(db(), finance, NOW, { range: 30, split: "provider" }))!;
    const panelText = text(renderToStaticMarkup(createElement(PendingApprovalsPanel, { approvals: company.approvals, idPrefix: "company" })));
    expect(panelText).toContain("$800.00 asked $900.00");
    void company.topMerchants;
  });
});

describe("month spend", () => {
  it("counts a purchase stamped after the server's clock, as /transactions does; last month to date still stops at now's instant", async () => {
    const ahead = { status: "authorised" as const, amount: 5_000n, at: new Date(NOW.getTime() + 2 * 3_600_000).toISOString(), cardId: eliCard, owner: employee, merchant: "Early Clock" };
    await insertRows([ahead]);
    const team = { kind: "teams" as const, organizationId: finance.organizationId, teamIds: manager.managedTeamIds };
    const [month] = await spendThisMonthAgainstLast(db(), { scope: team, now: NOW });
    const listed = usd(await transactionTotals(db(), { organizationId: finance.organizationId, visibility: { all: true }, filters: { teamId: employee.teamIds[0]!, from: "2026-11-01" } }));
    expect(month!.thisMonth).toBe(listed);
    expect(month!.thisMonth).toBe(10_000n + 60_000n + 5_000n);
    // Last month: 7,000 in January is outside; 300 before and 400 after the 20th, 12:00.
    expect(month!.lastMonth).toBe(700n);
    expect(month!.lastMonthToDate).toBe(300n);
    const mine = await loadEmployeeOverview(db(), employee, NOW);
    expect(mine.spendThisMonth[0]!.thisMonth).toBe(listed);
  });
});

describe("month spend links", () => {
  it("open the transactions list of the same UTC month, whose totals equal each figure", async () => {
    const mine = await loadEmployeeOverview(db(), employee, NOW);
    const employeeHtml = renderToStaticMarkup(createElement(EmployeeOverviewSection, { data: mine, viewer: employee }));
    const myLink = hrefs(employeeHtml).find((href) => href.startsWith("/transactions"))!;
    expect(text(employeeHtml)).toContain("This month's transactions");
    expect(searchOf(myLink)).toMatchObject({ filters: { from: "2026-11-01" }, ignored: [] });
    const myListed = await transactionTotals(db(), { organizationId: finance.organizationId, visibility: visibilityFor(employee, "transaction.view")!, filters: searchOf(myLink).filters });
    expect(mine.spendThisMonth[0]!.thisMonth).toBeGreaterThan(0n);
    expect(usd(myListed)).toBe(mine.spendThisMonth[0]!.thisMonth);

    // The manager's one team: the same month, that team (the manager's own card outside every team is in neither).
    expect(manager.managedTeamIds).toHaveLength(1);
    const team = await loadManagerOverview(db(), manager, NOW);
    const managerHtml = renderToStaticMarkup(createElement(ManagerOverviewSection, { data: team, viewer: manager, now: NOW }));
    const teamLink = hrefs(managerHtml).find((href) => href.startsWith("/transactions") && !searchOf(href).filters.status)!;
    expect(searchOf(teamLink)).toMatchObject({ filters: { from: "2026-11-01", teamId: manager.managedTeamIds[0] }, ignored: [] });
    const teamListed = await transactionTotals(db(), { organizationId: finance.organizationId, visibility: visibilityFor(manager, "transaction.view")!, filters: searchOf(teamLink).filters });
    expect(usd(teamListed)).toBe(team.teamSpend.find((month) => month.currency === "USD")!.thisMonth);
  });
});

describe("top merchants", () => {
  it("link to the same period and currency; the blank-name bucket keeps its amount and has no link", async () => {
    const company = (await loadFinanceOverview(db(), finance, NOW, { range: 30, split: "provider" }))!;
    const merchants = await company.topMerchants;
    const aws = merchants.find((merchant) => merchant.merchant === "AWS")!;
    expect(aws.spent).toBe(10_000n);
    const html = renderToStaticMarkup(createElement(TopMerchantList, { list: merchants, from: company.merchantsFrom }));
    const awsHref = hrefs(html).find((href) => searchOf(href).filters.q === "AWS")!;
    expect(searchOf(awsHref)).toMatchObject({ filters: { from: "2026-10-01", q: "AWS", currency: "USD" }, ignored: [] });
    // The list behind the link counts what the panel counts (January's AWS purchase is in neither).
    const linked = await transactionTotals(db(), { organizationId: finance.organizationId, visibility: { all: true }, filters: searchOf(awsHref).filters });
    expect(usd(linked)).toBe(aws.spent);
    // "Unknown merchant": its amount, no link; the note says the list matches names containing the text.
    expect(merchants.find((merchant) => merchant.merchant === "Unknown merchant")?.spent).toBe(60_000n);
    expect(hrefs(html).filter((href) => searchOf(href).filters.q === "Unknown merchant")).toEqual([]);
    expect(text(html)).toContain("Unknown merchant · 1 purchase $600.00");
    expect(text(html)).toContain("whose merchant contains it");
  });
});

describe("manager declines", () => {
  it("with one team, link to that team's declines of this month: the rows the panel counts and lists", async () => {
    expect(manager.managedTeamIds).toHaveLength(1);
    const overview = await loadManagerOverview(db(), manager, NOW);
    const html = renderToStaticMarkup(createElement(ManagerOverviewSection, { data: overview, viewer: manager, now: NOW }));
    const href = hrefs(html).find((value) => value.startsWith("/transactions") && searchOf(value).filters.status === "declined")!;
    expect(searchOf(href).filters).toEqual({ status: "declined", from: "2026-11-01", teamId: manager.managedTeamIds[0] });
    const linked = await transactionTotalsFromRows(db(), { organizationId: finance.organizationId, visibility: visibilityFor(manager, "transaction.view")!, filters: searchOf(href).filters });
    expect(overview.declines.rate.declined).toBe(1);
    expect(linked.reduce((count, total) => count + total.declinedCount, 0)).toBe(declinesCounted(overview.declines.rate));
    expect(overview.declines.recent.map((row) => row.cardId)).toEqual([eliCard]);
    expect(text(html)).toContain("Your team's declines this month");
  });

  it("with several teams, count, list and link every decline the manager may see, their own cards' too", async () => {
    const both: SessionUser = { ...manager, managedTeamIds: [...manager.managedTeamIds, ...manager2.managedTeamIds] };
    const overview = await loadManagerOverview(db(), both, NOW);
    expect(overview.declines.covers).toBe("visible");
    const search = searchOf(overview.declines.href);
    expect(search.filters).toEqual({ status: "declined", from: "2026-11-01" });
    const linked = await transactionTotalsFromRows(db(), { organizationId: finance.organizationId, visibility: visibilityFor(both, "transaction.view")!, filters: search.filters });
    expect(overview.declines.rate.declined).toBe(2);
    expect(linked.reduce((count, total) => count + total.declinedCount, 0)).toBe(declinesCounted(overview.declines.rate));
    expect(overview.declines.recent.map((row) => row.cardId)).toEqual([managerOwnCard, eliCard]);
  });
});
