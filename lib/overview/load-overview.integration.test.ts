import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getConnection } from "@/db/client";
import { listAuditEvents } from "@/db/queries/audit";
import { declineRate, spendByDay, spendThisMonthAgainstLast, startOfWindow, topMerchants } from "@/db/queries/overview-spend";
import { listCardsMissingAtProvider } from "@/db/queries/cards-missing";
import { listRecentFailedOrders } from "@/db/queries/overview-attention";
import { cards } from "@/db/schema/cards";
import { cardRequests } from "@/db/schema/requests";
import { organizations } from "@/db/schema/organizations";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { storedWebhookSecret } from "@/lib/provider-accounts/webhook-secret";
import { providerOrders } from "@/db/schema/provider-orders";
import { transactions, type LedgerStatus } from "@/db/schema/transactions";
import { seedDemo } from "@/db/seed";
import { parseAuditSearch } from "@/lib/audit/filters";
import { record } from "@/lib/audit/record";
import { visibilityFor } from "@/lib/auth/permissions";
import { auditContextFor, type SessionUser } from "@/lib/auth/session-user";
import { explainAll, recordingDb } from "@/scripts/bench/measure";
import { insertBulkCards } from "@/test/bulk-cards";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { loadAuditorOverview, loadEmployeeOverview, loadFinanceOverview, loadManagerOverview } from "./load-overview";

const database = withTestDatabase();
const db = () => database.db();
const NOW = new Date("2026-11-15T12:00:00Z");
let finance: SessionUser;
let manager: SessionUser;
let manager2: SessionUser;
let employee: SessionUser;
let employee2: SessionUser;
let auditor: SessionUser;
let nobepayId: string;
let cardepassId: string;
let eliCard: string;
let emmaCard: string;
let serial = 0;

type Row = { status: LedgerStatus; amount: bigint; at: string; owner: SessionUser | null; currency?: string; credit?: boolean; type?: string; merchant?: string; account?: string; organizationId?: string };

async function insertRows(rows: Row[]): Promise<void> {
  await db()
    .insert(transactions)
    .values(
      rows.map((row) => ({
        organizationId: row.organizationId ?? finance.organizationId,
        providerAccountId: row.account ?? nobepayId,
        providerTransactionId: `tx-${++serial}`,
        cardId: row.owner === employee ? eliCard : row.owner === employee2 ? emmaCard : null,
        ownerUserId: row.owner?.id ?? null,
        teamId: row.owner?.teamIds[0] ?? null,
        type: row.type ?? (row.credit ? "refund" : "purchase"),
        status: row.status,
        statusRank: row.status === "authorised" ? 1 : 2,
        direction: row.credit ? ("credit" as const) : ("debit" as const),
        amount: row.amount,
        currency: row.currency ?? "USD",
        merchantName: row.merchant ?? "Coffee Corner",
        occurredAt: new Date(row.at),
      })),
    );
}

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  const user = (name: string) => sessionUserFor(db(), `${name}@demo.test`);
  [finance, manager, manager2, employee, employee2, auditor] = [await user("finance"), await user("manager"), await user("manager2"), await user("employee"), await user("employee2"), await user("auditor")];
  const accounts = await db().select().from(providerAccounts);
  nobepayId = accounts.find((account) => account.provider === "nobepay")!.id;
  cardepassId = accounts.find((account) => account.provider === "cardepass")!.id;
  const card = async (alias: string, owner: SessionUser, values: Partial<typeof cards.$inferInsert> = {}) =>
    (
      await db()
        .insert(cards)
        .values({ organizationId: finance.organizationId, providerAccountId: nobepayId, providerCardId: alias, cardModel: "prepaid", alias, currency: "USD", status: "active", ownerUserId: owner.id, teamId: owner.teamIds[0] ?? null, balance: 12_345n, ...values })
        .returning({ id: cards.id })
    )[0]!.id;
  eliCard = await card("Eli travel", employee);
  emmaCard = await card("Emma ads", employee2, { providerMissingSince: new Date("2026-11-14T08:00:00Z") });
  await card("Eli old", employee, { status: "cancelled" });

  const [other] = await db().insert(organizations).values({ name: "Other Co" }).returning();
  const [otherAccount] = await db()
    .insert(providerAccounts)
    .values({ organizationId: other!.id, provider: "nobepay", label: "Other NobePay", baseUrl: "http://127.0.0.1:9", credentialsEncrypted: "x", ...storedWebhookSecret("other-secret") })
    .returning();

  await insertRows([
    // This month (November 2026), Operations (Eli):
    { status: "settled", amount: 1_000n, at: "2026-11-14T10:00:00Z", owner: employee, merchant: "Coffee Corner" },
    { status: "authorised", amount: 500n, at: "2026-11-15T09:00:00Z", owner: employee, merchant: "Book Barn" },
    { status: "declined", amount: 7_000n, at: "2026-11-15T09:30:00Z", owner: employee, merchant: "Book Barn" },
    { status: "reversed", amount: 900n, at: "2026-11-13T09:30:00Z", owner: employee },
    { status: "settled", amount: 200n, at: "2026-11-10T09:00:00Z", owner: employee, credit: true, type: "reversal" },
    { status: "settled", amount: 300n, at: "2026-11-11T09:00:00Z", owner: employee, credit: true, type: "refund" },
    // Last month: before and after the same point (15 October, 12:00).
    { status: "settled", amount: 3_000n, at: "2026-10-05T10:00:00Z", owner: employee, merchant: "Book Barn" },
    { status: "settled", amount: 4_000n, at: "2026-10-20T10:00:00Z", owner: employee, merchant: "Book Barn" },
    // Marketing (Emma), another currency and provider.
    { status: "settled", amount: 2_500n, at: "2026-11-14T11:00:00Z", owner: employee2, currency: "EUR", account: cardepassId, merchant: "Ad Network" },
    { status: "settled", amount: 600n, at: "2026-11-14T12:00:00Z", owner: employee2, merchant: "Ad Network" },
    // A card nobody holds.
    { status: "settled", amount: 50n, at: "2026-11-14T13:00:00Z", owner: null, merchant: "Parking" },
    // Long ago: outside every window.
    { status: "settled", amount: 99_999n, at: "2025-01-01T10:00:00Z", owner: employee },
    // Another organisation, same day.
    { status: "settled", amount: 77_777n, at: "2026-11-14T10:00:00Z", owner: null, organizationId: other!.id, account: otherAccount!.id },
  ]);

  await db().insert(cardRequests).values([
    { organizationId: finance.organizationId, kind: "top_up", status: "pending", awaiting: "team_manager", steps: ["team_manager"], requesterUserId: employee.id, beneficiaryUserId: employee.id, teamId: employee.teamIds[0]!, currency: "USD", policyAmount: 1_000n, threshold: 100_000n, requested: { amount: "1000" }, purpose: "Trip" },
    { organizationId: finance.organizationId, kind: "top_up", status: "done", steps: ["team_manager"], currentStep: 1, requesterUserId: employee.id, beneficiaryUserId: employee.id, teamId: employee.teamIds[0]!, currency: "USD", policyAmount: 1_000n, threshold: 100_000n, purpose: "Done one" },
    { organizationId: finance.organizationId, kind: "new_card", status: "pending", awaiting: "finance", steps: ["team_manager", "finance"], currentStep: 1, requesterUserId: employee2.id, beneficiaryUserId: employee2.id, teamId: employee2.teamIds[0]!, currency: "USD", policyAmount: 200_000n, threshold: 100_000n, purpose: "Ads card" },
  ]);

  await db().insert(providerOrders).values([
    { organizationId: finance.organizationId, providerAccountId: nobepayId, cardId: eliCard, type: "topup" as const, status: "failed" as const, amount: 5_000n, currency: "USD", failureMessage: "Insufficient funds", completedAt: new Date("2026-11-12T10:00:00Z") },
    { organizationId: finance.organizationId, providerAccountId: nobepayId, cardId: eliCard, type: "topup" as const, status: "failed" as const, amount: 1_000n, currency: "USD", completedAt: new Date("2026-09-01T10:00:00Z") },
    { organizationId: finance.organizationId, providerAccountId: nobepayId, cardId: eliCard, type: "topup" as const, status: "completed" as const, amount: 2_000n, currency: "USD", completedAt: new Date("2026-11-12T11:00:00Z") },
  ]);
});

describe("employee overview", () => {
  it("shows only the person's own cards, spend, transactions and open requests", async () => {
    const overview = await loadEmployeeOverview(db(), employee, NOW);
    expect(overview.cards.map((card) => card.alias)).toEqual(["Eli travel"]);
    expect(overview.cards[0]!.balance).toBe(12_345n);
    // 1,000 settled + 500 authorised − 200 settled reversal; the decline, the reversed hold and the refund are not spend.
    expect(overview.spendThisMonth).toEqual([{ currency: "USD", thisMonth: 1_300n, lastMonth: 7_000n, lastMonthToDate: 3_000n }]);
    expect(overview.recentTransactions).toHaveLength(5);
    expect(overview.recentTransactions.every((row) => row.ownerUserId === employee.id)).toBe(true);
    expect(overview.recentTransactions[0]!.occurredAt.toISOString()).toBe("2026-11-15T09:30:00.000Z");
    expect(overview.openRequests.map((request) => request.purpose)).toEqual(["Trip"]);
  });

  it("lists under 'Your cards' only cards that exist: not one whose issue the provider refused, newer though it is", async () => {
    const [refused] = await db()
      .insert(cards)
      .values({ organizationId: finance.organizationId, providerAccountId: cardepassId, cardModel: "standard", alias: "Eli refused", currency: "USD", status: "failed", ownerUserId: employee.id, teamId: employee.teamIds[0] ?? null })
      .returning({ id: cards.id });
    try {
      const overview = await loadEmployeeOverview(db(), employee, NOW);
      expect(overview.cards.map((card) => card.alias)).toEqual(["Eli travel"]);
    } finally {
      await db().delete(cards).where(sql`${cards.id} = ${refused!.id}`);
    }
  });
});

describe("manager overview", () => {
  it("covers the managed team only: spend against last month, by day, approvals and declines", async () => {
    const overview = await loadManagerOverview(db(), manager, NOW);
    expect(overview.teamSpend).toEqual([{ currency: "USD", thisMonth: 1_300n, lastMonth: 7_000n, lastMonthToDate: 3_000n }]);
    expect(overview.chartFrom.toISOString()).toBe("2026-10-17T00:00:00.000Z");
    expect(overview.spendByDay).toEqual([
      { day: "2026-10-20", currency: "USD", seriesKey: "", seriesLabel: "Spend", spent: 4_000n },
      { day: "2026-11-10", currency: "USD", seriesKey: "", seriesLabel: "Spend", spent: -200n },
      { day: "2026-11-14", currency: "USD", seriesKey: "", seriesLabel: "Spend", spent: 1_000n },
      { day: "2026-11-15", currency: "USD", seriesKey: "", seriesLabel: "Spend", spent: 500n },
    ]);
    expect(overview.approvals.count).toBe(1);
    expect(overview.approvals.newest.map((request) => request.purpose)).toEqual(["Trip"]);
    // Purchases this month: settled, authorised, declined, reversed → one of four declined.
    expect(overview.declines.rate).toEqual({ attempts: 4, declined: 1, otherDeclined: 0 });
    expect(overview.declines.recent.map((row) => row.merchantName)).toEqual(["Book Barn"]);

    const other = await loadManagerOverview(db(), manager2, NOW);
    expect(other.teamSpend).toEqual([
      { currency: "EUR", thisMonth: 2_500n, lastMonth: 0n, lastMonthToDate: 0n },
      { currency: "USD", thisMonth: 600n, lastMonth: 0n, lastMonthToDate: 0n },
    ]);
    expect(other.approvals.count).toBe(0);
    expect(other.declines.recent).toEqual([]);
  });
});

describe("finance overview", () => {
  it("reads the whole organisation (and no other) per currency, split by provider or team", async () => {
    const overview = (await loadFinanceOverview(db(), finance, NOW, { range: 30, split: "provider" }))!;
    const on14 = overview.spendByDay.filter((row) => row.day === "2026-11-14");
    expect(on14).toEqual([
      { day: "2026-11-14", currency: "EUR", seriesKey: "cardepass", seriesLabel: "cardepass", spent: 2_500n },
      { day: "2026-11-14", currency: "USD", seriesKey: "nobepay", seriesLabel: "nobepay", spent: 1_650n },
    ]);
    // Top merchants cover the whole UTC months the chart's window touches: from 1 October for a window from 17 October.
    // Book Barn's purchase of 5 October is before the window and counts, with its purchases of 20 October and today.
    expect(overview.merchantsFrom.toISOString()).toBe("2026-10-01T00:00:00.000Z");
    expect(await overview.topMerchants).toEqual([
      { currency: "EUR", merchant: "Ad Network", spent: 2_500n, purchases: 1 },
      { currency: "USD", merchant: "Book Barn", spent: 7_500n, purchases: 3 },
      // Less the settled reversal there (−2.00).
      { currency: "USD", merchant: "Coffee Corner", spent: 800n, purchases: 1 },
      { currency: "USD", merchant: "Ad Network", spent: 600n, purchases: 1 },
      { currency: "USD", merchant: "Parking", spent: 50n, purchases: 1 },
    ]);
    expect(overview.declineRate).toEqual({ attempts: 8, declined: 1, otherDeclined: 0 });
    expect(overview.failedOrders.map((order) => order.failureMessage)).toEqual(["Insufficient funds"]);
    expect(overview.missingCards.map((card) => card.alias)).toEqual(["Emma ads"]);
    expect(overview.approvals.count).toBe(1);
    expect(overview.approvals.newest[0]!.purpose).toBe("Ads card");
    expect(overview.funding.map((account) => account.provider).sort()).toEqual(["cardepass", "cardopenapi", "nobepay"]);

    const byTeam = (await loadFinanceOverview(db(), finance, NOW, { range: 90, split: "team" }))!;
    expect(byTeam.chartFrom.toISOString()).toBe("2026-08-18T00:00:00.000Z");
    // The 90-day window from 18 August: its merchants cover August to November.
    expect(byTeam.merchantsFrom.toISOString()).toBe("2026-08-01T00:00:00.000Z");
    expect((await byTeam.topMerchants).filter((merchant) => merchant.currency === "USD")[0]).toEqual({ currency: "USD", merchant: "Book Barn", spent: 7_500n, purchases: 3 });
    const teamsOn14 = byTeam.spendByDay.filter((row) => row.day === "2026-11-14" && row.currency === "USD");
    expect(teamsOn14.map((row) => [row.seriesLabel, row.spent])).toEqual([
      ["Marketing", 600n],
      ["Operations", 1_000n],
      ["No team", 50n],
    ]);
  });

  it("on the first of a month, lists the top merchants of the month before as well", async () => {
    const firstOfDecember = new Date("2026-12-01T08:00:00Z");
    const overview = (await loadFinanceOverview(db(), finance, firstOfDecember, { range: 30, split: "provider" }))!;
    expect(overview.chartFrom.toISOString()).toBe("2026-11-02T00:00:00.000Z");
    expect(overview.merchantsFrom.toISOString()).toBe("2026-11-01T00:00:00.000Z");
    // November's purchases, not an empty December: Book Barn's October purchases are in no month the window touches.
    expect((await overview.topMerchants).map((merchant) => [merchant.currency, merchant.merchant, merchant.spent])).toEqual([
      ["EUR", "Ad Network", 2_500n],
      ["USD", "Coffee Corner", 800n],
      ["USD", "Ad Network", 600n],
      ["USD", "Book Barn", 500n],
      ["USD", "Parking", 50n],
    ]);
  });

  it("is refused to roles without organisation-wide sight", async () => {
    expect(await loadFinanceOverview(db(), manager, NOW, { range: 30, split: "provider" })).toBeNull();
    expect(await loadFinanceOverview(db(), employee, NOW, { range: 30, split: "provider" })).toBeNull();
  });

  it("reads 90 days of spend through the organisation's, a team's or an owner's time index, not every transaction ever", async () => {
    // Many old rows: a plan that scanned them all would show here.
    await db().execute(sql`
      insert into transactions (organization_id, provider_account_id, provider_transaction_id, owner_user_id, team_id, type, status, direction, amount, currency, occurred_at)
      select ${finance.organizationId}::uuid, ${nobepayId}::uuid, 'old-' || n, ${employee.id}::uuid, ${employee.teamIds[0]!}::uuid,
             'purchase', 'settled', 'debit', 100, 'USD', timestamptz '2024-01-01' + n * interval '10 minutes'
        from generate_series(1, 30000) n`);
    // And the organisation's many cards and orders the attention lists pass over: 5000 cards, one in 500 not found at
    // its provider, each with a top-up, one in 100 of those failed within the window. (On the demo's handful of cards
    // and orders, reading them all is the cheapest plan once autovacuum has analysed them.)
    await insertBulkCards(db(), { organizationId: finance.organizationId, providerAccountId: nobepayId, status: "active", mark: (at) => ({ providerMissingSince: at }) });
    await db().execute(sql`
      insert into provider_orders (organization_id, provider_account_id, card_id, type, status, amount, currency, created_at, completed_at)
      select organization_id, provider_account_id, id, 'topup', case when provider_card_id like '%00' then 'failed' else 'completed' end, 100, 'USD',
        timestamptz '2026-11-14' - (substring(provider_card_id from 6)::int % 60) * interval '1 day', timestamptz '2026-11-14' - (substring(provider_card_id from 6)::int % 60) * interval '1 day'
      from cards where provider_card_id like 'bulk-%'`);
    // Vacuumed as well as analysed, every table the overview's reads join, so the plans do not hang on whether
    // autovacuum reached them yet.
    await db().execute(sql`vacuum analyze transactions, transaction_daily_totals, transaction_team_daily_totals, teams, cards, provider_orders, provider_accounts`);
    const recorder = recordingDb(getConnection().pool);
    const organization = { kind: "organization" as const, organizationId: finance.organizationId };
    const team = { kind: "teams" as const, organizationId: finance.organizationId, teamIds: employee.teamIds };
    const own = { kind: "owner" as const, organizationId: finance.organizationId, ownerUserId: employee.id };
    const from = startOfWindow(NOW, 90);
    const works: (() => Promise<unknown>)[] = [
      () => spendByDay(recorder.db, { scope: organization, from, split: "provider" }),
      () => spendByDay(recorder.db, { scope: organization, from, split: "team" }),
      () => topMerchants(recorder.db, { scope: organization, from, limit: 5 }),
      () => declineRate(recorder.db, { scope: organization, from }),
      () => spendByDay(recorder.db, { scope: team, from, split: "none" }),
      () => spendThisMonthAgainstLast(recorder.db, { scope: team, now: NOW }),
      () => spendThisMonthAgainstLast(recorder.db, { scope: own, now: NOW }),
      () => listRecentFailedOrders(recorder.db, { organizationId: finance.organizationId, since: from, limit: 5 }),
      () => listCardsMissingAtProvider(recorder.db, { organizationId: finance.organizationId, limit: 5 }),
    ];
    for (const work of works) {
      const plan = await explainAll(getConnection().pool, await recorder.record(work), true);
      expect(plan.seqScanTables, plan.detail).toEqual([]);
      expect(plan.rowsTouched ?? 0, plan.detail).toBeLessThan(100);
    }
  });
});

describe("auditor overview", () => {
  it("counts the last 7 days' reveals, denials and exports of the organisation, with the chain's last verification", async () => {
    const now = new Date();
    const as = (user: SessionUser) => auditContextFor(user, TEST_META);
    await record(db(), as(employee), { action: "card.revealed", targetType: "card", targetId: eliCard });
    await record(db(), as(employee2), { action: "card.reveal_denied", outcome: "denied", targetType: "card", targetId: eliCard });
    await record(db(), as(employee), { action: "permission.denied", outcome: "denied" });
    await record(db(), as(finance), { action: "transactions.exported" });
    await record(db(), as(auditor), { action: "audit.exported" });
    await record(db(), { ...as(finance), organizationId: null }, { action: "audit.exported" });
    const overview = (await loadAuditorOverview(db(), auditor, now))!;
    expect(overview.watch.reveals.count).toBe(1);
    expect(overview.watch.denials.count).toBe(2);
    expect(overview.watch.exports.count).toBe(2);
    expect(overview.watch.exports.recent.map((row) => row.action)).toEqual(["audit.exported", "transactions.exported"]);
    expect(overview.latestVerification).toBeNull();
    // Nothing from before the window.
    const later = (await loadAuditorOverview(db(), auditor, new Date(now.getTime() + 8 * 24 * 60 * 60 * 1000)))!;
    expect(later.watch.reveals.count).toBe(0);
    expect(await loadAuditorOverview(db(), manager, now)).toBeNull();
  });

  it("counts from the day its links open the audit log at, so a reveal that first morning is in the count and the list", async () => {
    const before = (await loadAuditorOverview(db(), auditor, NOW))!;
    // As the panel links: /audit?from=<since's UTC day>&action=card.revealed
    const query = `from=${before.since.toISOString().slice(0, 10)}&action=card.revealed`;
    const firstMorning = new Date(`${before.since.toISOString().slice(0, 10)}T09:00:00Z`);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(firstMorning);
    try {
      await record(db(), auditContextFor(employee, TEST_META), { action: "card.revealed", targetType: "card", targetId: eliCard });
    } finally {
      vi.useRealTimers();
    }
    const after = (await loadAuditorOverview(db(), auditor, NOW))!;
    expect(after.watch.reveals.count).toBe(before.watch.reveals.count + 1);
    expect(after.since).toEqual(startOfWindow(NOW, 7));
    const search = parseAuditSearch(new URLSearchParams(query));
    expect(search.ignored).toEqual([]);
    const listed = await listAuditEvents(db(), { organizationId: auditor.organizationId, visibility: visibilityFor(auditor, "audit.view")!, filters: search.filters, limit: 100 });
    expect(listed.rows.map((row) => row.occurredAt)).toContainEqual(firstMorning);
  });
});

