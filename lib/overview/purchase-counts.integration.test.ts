/**
 * What the overview calls a purchase (review money41, finding 2): a row of type "purchase", not any debit. A Cardepass
 * v1 `TransFee` row (stored as its own debit of type "fee") is spend but no purchase attempt and no purchase at its
 * merchant; a declined row that is no purchase (a Cardepass v2 `TopUp` reading `Failed`, a declined credit) is no
 * purchase declined, yet the panel still counts it apart, so its "See declines" / "All declines" link lists exactly the
 * declines the panel counts. The finance panel reads the rollups, the manager's with one team the rows: both are held.
 */
import { eq } from "drizzle-orm";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { declineRateFromRows, topMerchantsFromRows } from "@/db/queries/overview-spend";
import { transactionTotals, transactionTotalsFromRows } from "@/db/queries/transactions";
import { transactions } from "@/db/schema/transactions";
import { seedDemo } from "@/db/seed";
import { declinesCounted, declineRateText } from "@/components/overview/decline-rate";
import { ManagerOverviewSection } from "@/components/overview/manager-overview";
import { visibilityFor } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { loadFinanceOverview, loadManagerOverview } from "@/lib/overview/load-overview";
import { toTransaction } from "@/lib/providers/cardepass/transform-ledger";
import { ingestTransactions } from "@/lib/transactions/ingest";
import { parseTransactionSearch } from "@/lib/transactions/list-search";
import { withTestDatabase } from "@/test/database";
import { expectRollupsMatchRows } from "@/test/rollups-match";
import { cardepassCardOfEmployee, cardepassV1Row } from "@/test/cardepass-v1-rows";
import { sessionUserFor } from "@/test/session-user";

const database = withTestDatabase();
const db = () => database.db();
const NOW = new Date("2026-11-20T12:00:00.000Z");
const AT = new Date("2026-11-20T09:00:00.000Z");
let finance: SessionUser;
let manager: SessionUser;
let account: { id: string; organizationId: string };

const ingest = (rows: ReturnType<typeof toTransaction>[]) => ingestTransactions(db(), account, rows, new Date(), "list");
const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((match) => match[1]!.replaceAll("&amp;", "&"));
const filtersOf = (href: string) => parseTransactionSearch(new URL(href, "http://cardhub.test").searchParams).filters;

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  [finance, manager] = [await sessionUserFor(db(), "finance@demo.test"), await sessionUserFor(db(), "manager@demo.test")];
  const employee = await sessionUserFor(db(), "employee@demo.test");
  account = await cardepassCardOfEmployee(db());
  expect(manager.managedTeamIds).toEqual([employee.teamIds[0]]);
});

describe("the overview's purchases", () => {
  it("count a purchase and a declined purchase, not the fee row, while the fee still counts as spend", async () => {
    await ingest([
      cardepassV1Row("cdp-consume", "Consume", 266.96, AT),
      cardepassV1Row("cdp-fee", "TransFee", 2.67, new Date(AT.getTime() + 1000)),
      cardepassV1Row("cdp-declined", "Consume", 50, new Date(AT.getTime() + 2000), { status: "AuthFailure", settleTime: null, settledAmount: null, failureReason: "Insufficient balance" }),
    ]);
    const stored = await db().select({ type: transactions.type, status: transactions.status, direction: transactions.direction }).from(transactions).where(eq(transactions.providerAccountId, account.id));
    expect(stored).toHaveLength(3);
    expect(stored).toContainEqual({ type: "fee", status: "settled", direction: "debit" });

    const company = (await loadFinanceOverview(db(), finance, NOW, { range: 30, split: "provider" }))!;
    expect(company.declineRate).toEqual({ attempts: 2, declined: 1, otherDeclined: 0 });
    expect(declineRateText(company.declineRate)).toBe("1 of 2 purchases declined (50.0%)");
    // One purchase at LUFTHANSA; its spend is the purchase and the fee the provider took for it.
    expect((await company.topMerchants).find((merchant) => merchant.merchant === "LUFTHANSA")).toEqual({ currency: "USD", merchant: "LUFTHANSA", spent: 26_963n, purchases: 1 });

    const organization = { kind: "organization" as const, organizationId: account.organizationId };
    expect(await declineRateFromRows(db(), { scope: organization, from: company.chartFrom })).toEqual(company.declineRate);
    expect((await topMerchantsFromRows(db(), { scope: organization, from: company.merchantsFrom, limit: 5 })).find((merchant) => merchant.merchant === "LUFTHANSA")).toMatchObject({ purchases: 1 });

    const team = await loadManagerOverview(db(), manager, NOW);
    expect(team.declines.rate).toEqual({ attempts: 2, declined: 1, otherDeclined: 0 });
    await expectRollupsMatchRows(db(), { organizationId: account.organizationId, accountId: account.id, days: ["2026-11-20"] });
  });

  it("count a declined row that is no purchase apart, so the panel's declines are the ones its link lists", async () => {
    // cardepass-v2.md: transactionType "Purchase/Refund/TopUp等", status "Success/Failed/Pending", amount "负数表示支出".
    await ingest([toTransaction({ transactionId: "cdp-v2-topup", cardId: "cdp_card_1", amount: 100.0, currency: "USD", transactionType: "TopUp", status: "Failed", transactionTime: new Date(AT.getTime() + 3000).toISOString() })]);
    const [topUp] = await db().select().from(transactions).where(eq(transactions.providerTransactionId, "cdp-v2-topup"));
    expect({ status: topUp!.status, direction: topUp!.direction, type: topUp!.type }).toEqual({ status: "declined", direction: "credit", type: "topup" });

    const company = (await loadFinanceOverview(db(), finance, NOW, { range: 30, split: "provider" }))!;
    expect(company.declineRate).toEqual({ attempts: 2, declined: 1, otherDeclined: 1 });
    expect(declineRateText(company.declineRate)).toBe("1 of 2 purchases declined (50.0%); 1 other transaction declined");
    const companyLink = `/transactions?status=declined&from=${company.chartFrom.toISOString().slice(0, 10)}`;
    const listed = await transactionTotals(db(), { organizationId: finance.organizationId, visibility: visibilityFor(finance, "transaction.view")!, filters: filtersOf(companyLink) });
    expect(listed.reduce((sum, total) => sum + total.declinedCount, 0)).toBe(declinesCounted(company.declineRate));

    const team = await loadManagerOverview(db(), manager, NOW);
    expect(team.declines.rate).toEqual({ attempts: 2, declined: 1, otherDeclined: 1 });
    const html = renderToStaticMarkup(createElement(ManagerOverviewSection, { data: team, viewer: manager, now: NOW }));
    const teamLink = hrefs(html).find((href) => href.startsWith("/transactions?status=declined"))!;
    const teamListed = await transactionTotalsFromRows(db(), { organizationId: manager.organizationId, visibility: visibilityFor(manager, "transaction.view")!, filters: filtersOf(teamLink) });
    expect(teamListed.reduce((sum, total) => sum + total.declinedCount, 0)).toBe(declinesCounted(team.declines.rate));
    expect(html).toContain("1 of 2 purchases declined (50.0%); 1 other transaction declined");
    await expectRollupsMatchRows(db(), { organizationId: account.organizationId, accountId: account.id, days: ["2026-11-20"] });
  });
});
