import { desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { listTransactions, transactionTotals, type TransactionFilters } from "@/db/queries/transactions";
import { spendThisMonth } from "@/db/queries/transactions-card-spend";
import { auditLog } from "@/db/schema/audit";
import { cards } from "@/db/schema/cards";
import { organizations } from "@/db/schema/organizations";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { storedWebhookSecret } from "@/lib/provider-accounts/webhook-secret";
import { teams } from "@/db/schema/teams";
import { transactions, type LedgerStatus } from "@/db/schema/transactions";
import { seedDemo } from "@/db/seed";
import { visibilityFor } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { spentThisMonthByCard } from "./card-spend";
import { exportTransactionsCsv } from "./export";
import { updateMemo } from "./update-memo";
import { teamIdNamed } from "@/test/team-named";

const database = withTestDatabase();
const db = () => database.db();
let finance: SessionUser;
let manager: SessionUser;
let employee: SessionUser;
let employee2: SessionUser;
let auditor: SessionUser;
let accountId: string;
let eliCardId: string;
let emmaCardId: string;
let otherOrgTransactionId: string;
const ids: Record<string, string> = {};

type Row = {
  key: string;
  status: LedgerStatus;
  amount: bigint;
  currency?: string;
  direction?: "debit" | "credit";
  type?: string;
  at: string;
  owner: SessionUser | null;
  merchant?: string;
};

async function insertRows(
  rows: Row[],
  cardFor: (owner: SessionUser | null) => string | null,
  organizationId: string,
  account: string,
): Promise<void> {
  for (const row of rows) {
    const [inserted] = await db()
      .insert(transactions)
      .values({
        organizationId,
        providerAccountId: account,
        providerTransactionId: row.key,
        cardId: cardFor(row.owner),
        ownerUserId: row.owner?.id ?? null,
        teamId: row.owner?.teamIds[0] ?? null,
        type: row.type ?? (row.direction === "credit" ? "refund" : "purchase"),
        status: row.status,
        statusRank: row.status === "authorised" ? 1 : 2,
        direction: row.direction ?? "debit",
        amount: row.amount,
        currency: row.currency ?? "USD",
        merchantName: row.merchant ?? `Merchant ${row.key}`,
        occurredAt: new Date(row.at),
      })
      .returning({ id: transactions.id });
    ids[row.key] = inserted!.id;
  }
}

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  finance = await sessionUserFor(db(), "finance@demo.test");
  manager = await sessionUserFor(db(), "manager@demo.test");
  employee = await sessionUserFor(db(), "employee@demo.test");
  employee2 = await sessionUserFor(db(), "employee2@demo.test");
  auditor = await sessionUserFor(db(), "auditor@demo.test");
  const [account] = await db()
    .select()
    .from(providerAccounts)
    .where(eq(providerAccounts.provider, "nobepay"));
  accountId = account!.id;
  const card = async (alias: string, owner: SessionUser) =>
    (
      await db()
        .insert(cards)
        .values({
          organizationId: account!.organizationId,
          providerAccountId: accountId,
          providerCardId: alias,
          cardModel: "prepaid",
          alias,
          currency: "USD",
          ownerUserId: owner.id,
          teamId: owner.teamIds[0] ?? null,
        })
        .returning({ id: cards.id })
    )[0]!.id;
  eliCardId = await card("Eli card", employee);
  emmaCardId = await card("Emma card", employee2);
  const cardFor = (owner: SessionUser | null) =>
    owner === employee ? eliCardId : owner === employee2 ? emmaCardId : null;
  await insertRows(
    [
      {
        key: "eli-settled",
        status: "settled",
        amount: 1000n,
        at: "2026-03-05T10:00:00Z",
        owner: employee,
        merchant: '=HYPERLINK("http://evil")',
      },
      { key: "eli-auth", status: "authorised", amount: 250n, at: "2026-03-06T10:00:00Z", owner: employee },
      { key: "eli-declined", status: "declined", amount: 9999n, at: "2026-03-07T10:00:00Z", owner: employee },
      { key: "eli-reversed", status: "reversed", amount: 7777n, at: "2026-03-08T10:00:00Z", owner: employee },
      { key: "eli-expired", status: "expired", amount: 5555n, at: "2026-03-09T10:00:00Z", owner: employee },
      {
        key: "eli-refund",
        status: "refunded",
        amount: 400n,
        direction: "credit",
        at: "2026-03-10T10:00:00Z",
        owner: employee,
      },
      {
        key: "eli-v1-reversal",
        status: "settled",
        amount: 250n,
        direction: "credit",
        type: "reversal",
        at: "2026-03-11T10:00:00Z",
        owner: employee,
      },
      { key: "emma-settled", status: "settled", amount: 3000n, at: "2026-03-05T11:00:00Z", owner: employee2 },
      {
        key: "emma-jpy",
        status: "settled",
        amount: 1500n,
        currency: "JPY",
        at: "2026-03-05T12:00:00Z",
        owner: employee2,
      },
      { key: "unassigned", status: "settled", amount: 2000n, at: "2026-03-05T13:00:00Z", owner: null },
      ...Array.from({ length: 7 }, (_, index) => ({
        key: `same-${index}`,
        status: "settled" as const,
        amount: 100n,
        at: "2026-02-01T00:00:00Z",
        owner: null,
      })),
    ],
    cardFor,
    account!.organizationId,
    accountId,
  );
  // Another organisation with its own account and transaction: never visible here.
  const [other] = await db().insert(organizations).values({ name: "Other Co" }).returning();
  const [otherAccount] = await db()
    .insert(providerAccounts)
    .values({
      organizationId: other!.id,
      provider: "nobepay",
      label: "Other NobePay",
      baseUrl: "http://127.0.0.1:9",
      credentialsEncrypted: "x",
      ...storedWebhookSecret("other-secret-0123456789"),
    })
    .returning();
  await insertRows(
    [{ key: "other-org", status: "settled", amount: 123n, at: "2026-03-05T10:00:00Z", owner: null }],
    () => null,
    other!.id,
    otherAccount!.id,
  );
  otherOrgTransactionId = ids["other-org"]!;
});

async function keysFor(user: SessionUser, filters: TransactionFilters = {}): Promise<string[]> {
  const page = await listTransactions(db(), {
    organizationId: user.organizationId,
    visibility: visibilityFor(user, "transaction.view")!,
    filters,
    limit: 100,
  });
  const byId = new Map(Object.entries(ids).map(([key, id]) => [id, key]));
  return page.rows.map((row) => byId.get(row.id)!);
}

describe("who sees which transactions", () => {
  it("an employee sees their own, a manager their own and their team's, finance and auditors all of their organisation's", async () => {
    const eli = [
      "eli-v1-reversal",
      "eli-refund",
      "eli-expired",
      "eli-reversed",
      "eli-declined",
      "eli-auth",
      "eli-settled",
    ];
    expect(await keysFor(employee)).toEqual(eli);
    expect((await keysFor(employee2)).sort()).toEqual(["emma-jpy", "emma-settled"]);
    expect(await keysFor(manager)).toEqual(eli);
    const all = await keysFor(finance);
    expect(all).toHaveLength(17);
    expect(all).not.toContain("other-org");
    expect(await keysFor(auditor)).toEqual(all);
  });

  it("filters narrow within what the role may see, never beyond it", async () => {
    expect(await keysFor(employee, { ownerUserId: employee2.id })).toEqual([]);
    expect(await keysFor(finance, { cardId: emmaCardId, currency: "USD" })).toEqual(["emma-settled"]);
    expect(await keysFor(finance, { status: "declined" })).toEqual(["eli-declined"]);
    expect(await keysFor(finance, { from: "2026-03-06", to: "2026-03-07" })).toEqual([
      "eli-declined",
      "eli-auth",
    ]);
    expect(await keysFor(finance, { q: "hyperlink" })).toEqual(["eli-settled"]);
  });

  it("amount bounds are major units of each row's own currency", async () => {
    // JPY has no minor unit, so the JPY row's 1500 is ¥1,500; the USD row's 3000 is $30.00.
    expect((await keysFor(finance, { min: "30", max: "30" })).sort()).toEqual(["emma-settled"]);
    expect(await keysFor(finance, { min: "1500", currency: "JPY" })).toEqual(["emma-jpy"]);
    expect(await keysFor(finance, { min: "1000", max: "2000" })).toEqual(["emma-jpy"]);
  });

  it("the largest bound the filter accepts is still a valid range in a 4-decimal currency (CLF), not a database error", async () => {
    const all = await keysFor(finance, {});
    expect((await keysFor(finance, { max: "999999999999999" })).sort()).toEqual([...all].sort());
    expect(await keysFor(finance, { min: "999999999999999" })).toEqual([]);
  });

  it("a bound finer than a currency's minor unit rounds inward: a minimum up, a maximum down", async () => {
    // An organisation of its own, so these rows change no other test's counts or totals.
    const [org] = await db().insert(organizations).values({ name: "Bounds Co" }).returning();
    const [account] = await db()
      .insert(providerAccounts)
      .values({
        organizationId: org!.id,
        provider: "nobepay",
        label: "Bounds NobePay",
        baseUrl: "http://127.0.0.1:9",
        credentialsEncrypted: "x",
        ...storedWebhookSecret("bounds-secret-0123456789"),
      })
      .returning();
    const row = (key: string, amount: bigint, currency: string): Row => ({ key, status: "settled", amount, currency, at: "2026-03-05T10:00:00Z", owner: null });
    await insertRows(
      [
        row("usd-25.00", 2500n, "USD"),
        row("usd-25.50", 2550n, "USD"),
        row("usd-25.55", 2555n, "USD"),
        row("usd-25.56", 2556n, "USD"),
        row("jpy-25", 25n, "JPY"),
        row("jpy-26", 26n, "JPY"),
        row("kwd-25.555", 25_555n, "KWD"),
        row("kwd-25.556", 25_556n, "KWD"),
      ],
      () => null,
      org!.id,
      account!.id,
    );
    const byId = new Map(Object.entries(ids).map(([key, id]) => [id, key]));
    const keys = async (filters: TransactionFilters) => {
      const page = await listTransactions(db(), { organizationId: org!.id, visibility: { all: true }, filters, limit: 100 });
      return page.rows.map((found) => byId.get(found.id)!).sort();
    };
    expect(await keys({ max: "25.555", currency: "USD" })).toEqual(["usd-25.00", "usd-25.50", "usd-25.55"]);
    expect(await keys({ min: "25.555", currency: "USD" })).toEqual(["usd-25.56"]);
    expect(await keys({ min: "25.5", currency: "JPY" })).toEqual(["jpy-26"]);
    expect(await keys({ max: "25.5", currency: "JPY" })).toEqual(["jpy-25"]);
    expect(await keys({ min: "25.5", max: "25.5", currency: "JPY" })).toEqual([]);
    expect(await keys({ min: "25.5551", currency: "KWD" })).toEqual(["kwd-25.556"]);
    // Without a currency, each row is compared in its own currency's minor unit.
    expect(await keys({ min: "25.555" })).toEqual(["jpy-26", "kwd-25.555", "kwd-25.556", "usd-25.56"]);
    expect(await keys({ max: "25.5555" })).toEqual(["jpy-25", "kwd-25.555", "usd-25.00", "usd-25.50", "usd-25.55"]);
  });
});

describe("keyset paging", () => {
  it("walks rows of the same instant by id, forwards and back, without gaps or repeats", async () => {
    const visibility = visibilityFor(finance, "transaction.view")!;
    const scope = { organizationId: finance.organizationId, visibility, filters: { to: "2026-02-28" } };
    const seen: string[] = [];
    let page = await listTransactions(db(), { ...scope, limit: 3 });
    seen.push(...page.rows.map((row) => row.id));
    const pages = [page];
    while (page.nextCursor) {
      page = await listTransactions(db(), { ...scope, after: page.nextCursor, limit: 3 });
      pages.push(page);
      seen.push(...page.rows.map((row) => row.id));
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect(seen).toEqual([...seen].sort().reverse());
    const back = await listTransactions(db(), { ...scope, before: pages[2]!.previousCursor!, limit: 3 });
    expect(back.rows.map((row) => row.id)).toEqual(pages[1]!.rows.map((row) => row.id));
  });
});

describe("a manager's own-or-team list (one index walk per part, merged)", () => {
  it("pages through exactly the single-query result, in order", async () => {
    const scope = { organizationId: manager.organizationId, visibility: visibilityFor(manager, "transaction.view")!, filters: {} };
    const whole = (await listTransactions(db(), { ...scope, limit: 100 })).rows.map((row) => row.id);
    const walked: string[] = [];
    let page = await listTransactions(db(), { ...scope, limit: 2 });
    walked.push(...page.rows.map((row) => row.id));
    while (page.nextCursor) {
      page = await listTransactions(db(), { ...scope, after: page.nextCursor, limit: 2 });
      walked.push(...page.rows.map((row) => row.id));
    }
    expect(walked).toEqual(whole);
    expect(whole).toHaveLength(7);
  });
});

describe("totals", () => {
  it("count only money that moved or is held, per currency; refunds apart; declines counted", async () => {
    const visibility = visibilityFor(employee, "transaction.view")!;
    const [usd] = await transactionTotals(db(), {
      organizationId: employee.organizationId,
      visibility,
      filters: {},
    });
    // settled 10.00 + authorised 2.50 - v1 reversal credit 2.50; declined, reversed and expired are not spend.
    expect(usd).toEqual({ currency: "USD", spent: 1000n, refunded: 400n, declinedCount: 1, count: 7 });
    const all = await transactionTotals(db(), {
      organizationId: finance.organizationId,
      visibility: visibilityFor(finance, "transaction.view")!,
      filters: {},
    });
    expect(all.map((total) => total.currency)).toEqual(["JPY", "USD"]);
  });

  it("spend this month per card, by the same rule", async () => {
    const everything = visibilityFor(finance, "transaction.view")!;
    const spend = await spendThisMonth(db(), {
      cardIds: [eliCardId, emmaCardId],
      visibility: everything,
      now: new Date("2026-03-20T00:00:00Z"),
    });
    expect(spend.get(eliCardId)).toEqual([{ amount: 1000n, currency: "USD" }]);
    expect(spend.get(emmaCardId)?.sort((a, b) => a.currency.localeCompare(b.currency))).toEqual([
      { amount: 1500n, currency: "JPY" },
      { amount: 3000n, currency: "USD" },
    ]);
    expect(
      (await spendThisMonth(db(), { cardIds: [eliCardId], visibility: everything, now: new Date("2026-04-02T00:00:00Z") })).get(
        eliCardId,
      ),
    ).toBeUndefined();
  });

  it("spend this month per card counts only the rows the viewer may see, like the list under it", async () => {
    const now = new Date("2026-03-20T00:00:00Z");
    // Eli's card's rows were spent by Eli: Emma (had the card been handed to her) sees none of them, nor their sum.
    const asEmma = await spendThisMonth(db(), { cardIds: [eliCardId], visibility: visibilityFor(employee2, "transaction.view")!, now });
    expect(asEmma.get(eliCardId)).toBeUndefined();
    const asEli = await spendThisMonth(db(), { cardIds: [eliCardId], visibility: visibilityFor(employee, "transaction.view")!, now });
    expect(asEli.get(eliCardId)).toEqual([{ amount: 1000n, currency: "USD" }]);
  });

  it("the cards list's figure: none for a card never issued (it reads '—', like its balance), $0.00 for an issued card that spent nothing", async () => {
    const everything = visibilityFor(finance, "transaction.view")!;
    const march = await spentThisMonthByCard(
      db(),
      [
        { id: eliCardId, currency: "USD", status: "active" },
        { id: emmaCardId, currency: "USD", status: "failed" },
      ],
      everything,
      new Date("2026-03-20T00:00:00Z"),
    );
    expect(march).toEqual({ [eliCardId]: "$10.00" });
    const april = await spentThisMonthByCard(db(), [{ id: eliCardId, currency: "USD", status: "active" }], everything, new Date("2026-04-02T00:00:00Z"));
    expect(april).toEqual({ [eliCardId]: "$0.00" });
    expect(await spentThisMonthByCard(db(), [{ id: emmaCardId, currency: "USD", status: "failed" }], everything)).toEqual({});
  });
});

describe("CSV export", () => {
  it("is the filtered set, scoped by role, defused, and audited before the first byte", async () => {
    // The manager's file holds their team's transactions (Eli's), never another team's (Emma's) or unassigned ones.
    const response = await exportTransactionsCsv(db(), {
      user: manager,
      meta: TEST_META,
      searchParams: new URLSearchParams("status=settled"),
    });
    expect(response.status).toBe(200);
    const [audit] = await db().select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    expect(audit).toMatchObject({ action: "transactions.exported", actorEmail: "manager@demo.test", summary: { scope: "own_and_team" } });
    const lines = (await response.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "id,occurred_at_utc,settled_at_utc,provider,account,card_alias,card_last_four,owner_email,team,merchant,merchant_city,merchant_country,category,status,direction,amount,currency,money_moved,original_amount,original_currency,decline_reason,provider_decline_reason,provider_transaction_id,memo",
    );
    expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual([
      ids["eli-v1-reversal"],
      ids["eli-settled"],
    ]);
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(lines[2]).toContain(",settled,debit,-10.00,USD,yes,");
    // A decline, a released hold and a lapsed one keep their amount, marked as never moved: summing the file's
    // amounts where money_moved is yes gives the money that moved, refunds netted (the list's totals show spent and
    // refunded apart).
    const noMoney = await exportTransactionsCsv(db(), { user: manager, meta: TEST_META, searchParams: new URLSearchParams("from=2026-03-07&to=2026-03-09") });
    const noMoneyLines = (await noMoney.text()).trimEnd().split("\r\n").slice(1);
    expect(noMoneyLines).toHaveLength(3);
    expect(noMoneyLines.map((line) => line.split(",").slice(13, 18).join(","))).toEqual([
      "expired,debit,-55.55,USD,no",
      "reversed,debit,-77.77,USD,no",
      "declined,debit,-99.99,USD,no",
    ]);
  });

  it("refuses invalid filters and people without the permission", async () => {
    expect(
      (
        await exportTransactionsCsv(db(), {
          user: finance,
          meta: TEST_META,
          searchParams: new URLSearchParams("min=abc"),
        })
      ).status,
    ).toBe(400);
    const nobody = { ...employee, roles: [] };
    expect(
      (
        await exportTransactionsCsv(db(), {
          user: nobody,
          meta: TEST_META,
          searchParams: new URLSearchParams(),
        })
      ).status,
    ).toBe(403);
  });

  it("refuses by name a well-formed account or team the page drops as not offered, rather than write an empty file", async () => {
    const exportAs = (user: SessionUser, query: string) => exportTransactionsCsv(db(), { user, meta: TEST_META, searchParams: new URLSearchParams(query) });
    const unknownAccount = await exportAs(finance, "account=00000000-0000-0000-0000-000000000000");
    expect(unknownAccount.status).toBe(400);
    expect(await unknownAccount.text()).toBe("The export filters are not valid: Account: not one of your organisation's provider accounts.");
    const marketing = await teamIdNamed(db(), "Marketing");
    const otherTeam = await exportAs(manager, `team=${marketing}`);
    expect(otherTeam.status).toBe(400);
    expect(await otherTeam.text()).toContain("Team: not one of the teams you can see");
    const offered = await exportAs(finance, `account=${accountId}`);
    expect(offered.status).toBe(200);
    await offered.body?.cancel();
  });

  it("refuses an employee, who sees their own transactions but may not export them (DESIGN.md: audit log, exports), audited", async () => {
    const response = await exportTransactionsCsv(db(), { user: employee, meta: TEST_META, searchParams: new URLSearchParams("status=settled") });
    expect(response.status).toBe(403);
    expect(await response.text()).toBe("You do not have permission to export transactions.");
    const [audit] = await db().select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    expect(audit).toMatchObject({
      action: "permission.denied",
      outcome: "denied",
      actorEmail: "employee@demo.test",
      summary: { permission: "transaction.export", export: "transactions" },
    });
  });
});

describe("memo", () => {
  it("the cardholder writes one, audited in the same transaction", async () => {
    await updateMemo(db(), employee, TEST_META, { transactionId: ids["eli-settled"]!, memo: "Client lunch" });
    const [row] = await db().select().from(transactions).where(eq(transactions.id, ids["eli-settled"]!));
    expect(row!.memo).toBe("Client lunch");
    const [audit] = await db().select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    expect(audit).toMatchObject({
      action: "transaction.memo_updated",
      targetId: ids["eli-settled"],
      outcome: "success",
    });
  });

  it("someone who only sees it (the manager) is refused, and the refusal audited", async () => {
    await expect(
      updateMemo(db(), manager, TEST_META, { transactionId: ids["eli-settled"]!, memo: "Not mine" }),
    ).rejects.toMatchObject({ code: "forbidden" });
    const [audit] = await db().select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    expect(audit).toMatchObject({
      action: "permission.denied",
      outcome: "denied",
      targetId: ids["eli-settled"],
    });
    const [row] = await db().select().from(transactions).where(eq(transactions.id, ids["eli-settled"]!));
    expect(row!.memo).toBe("Client lunch");
  });

  it("a cardholder whose only role is auditor is refused: auditors change nothing, their own cards' memos included", async () => {
    const auditorHolder: SessionUser = { ...employee, roles: ["auditor"] };
    await expect(updateMemo(db(), auditorHolder, TEST_META, { transactionId: ids["eli-settled"]!, memo: "Changed by an auditor" })).rejects.toMatchObject({ code: "forbidden" });
    const [audit] = await db().select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    expect(audit).toMatchObject({ action: "permission.denied", outcome: "denied", targetId: ids["eli-settled"], summary: { reason: "auditor_changes_nothing" } });
    const [row] = await db().select().from(transactions).where(eq(transactions.id, ids["eli-settled"]!));
    expect(row!.memo).toBe("Client lunch");
  });

  it("another organisation's transaction does not exist for this user", async () => {
    await expect(
      updateMemo(db(), finance, TEST_META, { transactionId: otherOrgTransactionId, memo: "x" }),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("teams", () => {
  it("the seeded teams are what the visibility test assumes", async () => {
    const names = (await db().select({ id: teams.id, name: teams.name }).from(teams))
      .filter((team) => employee.teamIds.includes(team.id))
      .map((team) => team.name);
    expect(names).toEqual(["Operations"]);
    expect(manager.managedTeamIds).toEqual(employee.teamIds);
  });
});
