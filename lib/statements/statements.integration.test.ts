import { randomUUID } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import { insertCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { listStatements, STATEMENT_PAGE_SIZE, type NewStatement, type StatementFilter } from "@/db/queries/statements";
import { auditLog } from "@/db/schema/audit";
import { organizations } from "@/db/schema/organizations";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { storedWebhookSecret } from "@/lib/provider-accounts/webhook-secret";
import { providerStatements } from "@/db/schema/provider-statements";
import { seedDemo } from "@/db/seed";
import { auditLabelsWithoutLookups } from "@/db/queries/audit-labels";
import { describeEventText } from "@/components/audit/describe-event";
import { recordingDb } from "@/scripts/bench/measure";
import type { SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { planNodes } from "@/test/query-plan";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { resolveStatementScope } from "./access";
import { exportStatementsCsv, statementCsvLine } from "./export";
import { parseStatementSearch } from "./filters";

const database = withTestDatabase();
let accountId = "";
let otherOrgAccountId = "";
let cardId = "";
const users: Record<string, SessionUser> = {};

const line = (n: number, overrides: Partial<NewStatement> = {}): NewStatement => ({
  providerAccountId: accountId,
  source: "account",
  providerLogId: `L-${n}`,
  type: n % 3 === 0 ? "AuthBlock" : "Consume",
  direction: "out",
  currency: "USD",
  amount: -100n * BigInt(n),
  availableAfter: 100_000n - 100n * BigInt(n),
  blockedAfter: 0n,
  // Every fourth line shares its time with the one before: the id orders them.
  occurredAt: new Date(Date.UTC(2026, 10, 1 + Math.floor(n / 4), 12, 0, n % 4 === 0 ? 0 : n)),
  ...overrides,
});

beforeAll(async () => {
  const db = database.db();
  await seedDemo(db, { sandboxUrl: "http://127.0.0.1:9" });
  const accounts = await listProviderAccounts(db);
  const cardepass = accounts.find((account) => account.provider === "cardepass")!;
  accountId = cardepass.id;
  const [other] = await db.insert(organizations).values({ name: "Other Co" }).returning();
  const [otherAccount] = await db
    .insert(providerAccounts)
    .values({ organizationId: other!.id, provider: "cardepass", label: "Other", baseUrl: "http://127.0.0.1:9", credentialsEncrypted: "x", ...storedWebhookSecret("y") })
    .returning();
  otherOrgAccountId = otherAccount!.id;
  const card = await insertCard(db, { organizationId: cardepass.organizationId, providerAccountId: accountId, providerCardId: "C-1", cardModel: "standard", alias: "Ads", last4: "0806", currency: "USD", status: "active" });
  cardId = card.id;
  const rows = Array.from({ length: 30 }, (_, i) => line(i + 1));
  rows.push(
    line(100, {
      source: "card",
      cardId,
      providerCardId: "C-1",
      type: "CardTopUp",
      direction: "out",
      amount: 200n,
      fee: 10n,
      feeCurrency: "USD",
      feeItems: [{ type: "TopUpFee", amount: "10", currency: "USD" }],
      total: 210n,
      totalCurrency: "USD",
      availableAfter: null,
      blockedAfter: null,
      note: "=HYPERLINK(\"http://evil\")",
      occurredAt: new Date("2026-11-20T08:00:00Z"),
    }),
    // The funding account's side of the same top-up, linked to the card because it names it.
    line(101, { cardId, providerCardId: "C-1", type: "CardTopUp", amount: -200n, availableAfter: 99_000n, occurredAt: new Date("2026-11-20T08:00:00Z") }),
  );
  await db.insert(providerStatements).values(rows);
  for (const role of ["finance", "auditor", "admin", "manager", "employee"]) users[role] = await sessionUserFor(db, `${role}@demo.test`);
});

describe("statement list", () => {
  it("pages newest first by keyset, every line exactly once, ties broken by id", async () => {
    const seen: string[] = [];
    let after = null;
    for (;;) {
      const page: Awaited<ReturnType<typeof listStatements>> = await listStatements(database.db(), { filter: { providerAccountId: accountId }, after, limit: 7 });
      seen.push(...page.rows.map((row) => row.providerLogId));
      if (!page.next) break;
      after = page.next;
    }
    const expected = await database.db().select({ id: providerStatements.providerLogId }).from(providerStatements).where(eq(providerStatements.providerAccountId, accountId)).orderBy(desc(providerStatements.occurredAt), desc(providerStatements.id));
    expect(seen).toEqual(expected.map((row) => row.id));
    expect(new Set(seen).size).toBe(32);
  });

  it("filters by type and by date range (inclusive days, UTC), and by card", async () => {
    const blocks = await listStatements(database.db(), { filter: { providerAccountId: accountId, type: "AuthBlock" }, limit: 100 });
    expect(blocks.rows.length).toBe(10);
    expect(blocks.rows.every((row) => row.type === "AuthBlock")).toBe(true);
    const { search } = parseStatementSearch(new URLSearchParams("from=2026-11-02&to=2026-11-02"));
    const { dateBounds } = await import("./filters");
    const day = await listStatements(database.db(), { filter: { providerAccountId: accountId, ...dateBounds(search) }, limit: 100 });
    expect(day.rows.map((row) => row.occurredAt.toISOString().slice(0, 10))).toEqual(["2026-11-02", "2026-11-02", "2026-11-02", "2026-11-02"]);
    const card = await listStatements(database.db(), { filter: { cardId, source: "card" } });
    expect(card.rows.map((row) => [row.source, row.type, row.amount])).toEqual([["card", "CardTopUp", 200n]]);
  });

  it("names each line's Cardhub card (id, alias, last four), and no card on a line that names none", async () => {
    const { rows } = await listStatements(database.db(), { filter: { providerAccountId: accountId, from: new Date("2026-11-20T00:00:00Z") }, limit: 100 });
    expect(rows.map((row) => [row.providerLogId, row.card])).toEqual([
      ["L-101", { id: cardId, alias: "Ads", last4: "0806" }],
      ["L-100", { id: cardId, alias: "Ads", last4: "0806" }],
    ]);
    const plain = await listStatements(database.db(), { filter: { providerAccountId: accountId, type: "AuthBlock" }, limit: 1 });
    expect(plain.rows[0]!.card).toBeNull();
  });

  it("lists a card's statement one ledger at a time: its own lines by default, the funding account's lines for it on request", async () => {
    const page = async (query: string) => {
      const { search } = parseStatementSearch(new URLSearchParams(query));
      const { statementSource } = await import("./filters");
      return (await listStatements(database.db(), { filter: { cardId, source: statementSource(search, { kind: "card", provider: "cardepass", cardModel: "standard" }) } })).rows.map((row) => [row.source, row.type, row.amount]);
    };
    expect(await page(`card=${cardId}`)).toEqual([["card", "CardTopUp", 200n]]);
    expect(await page(`card=${cardId}&source=account`)).toEqual([["account", "CardTopUp", -200n]]);
    expect(parseStatementSearch(new URLSearchParams(`card=${cardId}&source=both`)).ignored).toEqual([{ field: "source", label: "Ledger", message: "Unknown ledger; it was ignored." }]);
  });

  it("walks its index in the list's own order (no sort, no scan of the table)", async () => {
    const db = database.db();
    // The shape the list meets: an account's year of lines (one every 26 minutes, half of them Consume: some 800 in
    // November), and a card's own year (one every 4 hours) beside the funding account's lines that name it, so each
    // list runs to many pages. (On a few dozen lines every plan costs the same and the planner's pick is a coin toss.)
    // The organisation has the bench's default 10,000 cards, and each funding-account top-up names one of them: the
    // list names each line's card, and a few dozen cards would be read whole rather than looked up by id.
    await db.execute(sql`insert into cards (organization_id, provider_account_id, provider_card_id, card_model, alias, last4, currency, status)
      select organization_id, id, 'bulk-card-' || g, 'sharebalance', 'Bulk card ' || g, lpad((g % 10000)::text, 4, '0'), 'USD', 'active'
      from provider_accounts cross join generate_series(1, 10000) as g where id = ${accountId}::uuid`);
    await db.execute(sql`insert into provider_statements (provider_account_id, source, provider_log_id, card_id, type, direction, currency, amount, available_after, blocked_after, occurred_at)
      select ${accountId}::uuid, 'account', 'bulk-' || n, case when n % 4 = 3 then c.id end, case when n % 2 = 0 then 'Consume' when n % 4 = 1 then 'AuthBlock' else 'CardTopUp' end, 'out', 'USD', -100 * n, 0, 0,
        timestamptz '2026-11-30' - n * interval '26 minutes'
      from generate_series(1, 20000) as n left join cards c on c.provider_account_id = ${accountId}::uuid and c.provider_card_id = 'bulk-card-' || (1 + n % 10000)`);
    await db.execute(sql`insert into provider_statements (provider_account_id, source, provider_log_id, card_id, provider_card_id, type, direction, currency, amount, occurred_at)
      select ${accountId}::uuid, source, 'bulk-card-' || source || '-' || n, ${cardId}::uuid, 'C-1', case when n % 3 = 0 then 'CardTopUp' else 'Consume' end, 'out', 'USD', -100 * n,
        timestamptz '2026-11-30' - n * interval '4 hours'
      from generate_series(1, 2000) as n cross join (values ('card'), ('account')) as sources(source)`);
    try {
      // Vacuumed as well as analysed, so the plans do not hang on whether autovacuum reached the table yet.
      await db.execute(sql`vacuum analyze provider_statements`);
      await db.execute(sql`vacuum analyze cards`);
      // The list's own statements: the first page and the next (the list reads a page and one more row).
      const recorder = recordingDb(getConnection().pool);
      const pagesOf = async (filter: StatementFilter) => {
        const first = await listStatements(db, { filter });
        return [...(await recorder.record(() => listStatements(recorder.db, { filter }))), ...(await recorder.record(() => listStatements(recorder.db, { filter, after: first.next })))];
      };
      for (const [filter, index] of [
        [{ providerAccountId: accountId, type: "Consume", from: new Date("2026-11-01"), until: new Date("2026-12-01") }, "provider_statements_account_time_idx"],
        [{ providerAccountId: accountId, type: "CardTopUp", from: new Date("2026-11-01"), until: new Date("2026-12-01") }, "provider_statements_account_time_idx"],
        [{ providerAccountId: accountId }, "provider_statements_account_time_idx"],
        [{ cardId, source: "card" }, "provider_statements_card_source_time_idx"],
      ] as const) {
        for (const statement of await pagesOf(filter)) {
          const plan = await getConnection().pool.query<{ "QUERY PLAN": string }>(`explain ${statement.text}`, statement.params);
          const text = plan.rows.map((row) => row["QUERY PLAN"]).join("\n");
          expect(text).toContain(index);
          expect(text).not.toMatch(/Sort|Seq Scan/);
          // Each listed line's card is looked up by its id, below the walk of the statements' index and its limit.
          expect(text, "the card of each listed line, by primary key").toMatch(/Index Scan using cards_pkey on cards/);
        }
      }

      // A later page starts in the index where the last stopped: it reads its own rows, not every newer line again
      // (a cursor written as "older, or as old with a lower id" is a filter, and the export reads 1,000-line pages).
      const cardFilter = { cardId, source: "card" } as const;
      const first = await listStatements(db, { filter: cardFilter });
      const [second] = await recorder.record(() => listStatements(recorder.db, { filter: cardFilter, after: first.next }));
      const analysed = await getConnection().pool.query<{ "QUERY PLAN": unknown }>(`explain (analyze, format json) ${second!.text}`, second!.params);
      const scan = planNodes(analysed.rows[0]!["QUERY PLAN"]).find((node) => node["Index Name"] === "provider_statements_card_source_time_idx")!;
      expect((scan["Actual Rows"] ?? 0) + (scan["Rows Removed by Filter"] ?? 0), "index rows read for the second page").toBeLessThanOrEqual(STATEMENT_PAGE_SIZE + 1);
    } finally {
      await db.execute(sql`delete from provider_statements where provider_log_id like 'bulk-%'`);
      await db.execute(sql`delete from cards where provider_card_id like 'bulk-card-%'`);
    }
  });
});

describe("who reads statements", () => {
  it("finance, auditor and admin read an account's; manager and employee are refused; another organisation's is not found", async () => {
    for (const role of ["finance", "auditor", "admin"]) expect(await resolveStatementScope(database.db(), users[role]!, { account: accountId, card: null })).toMatchObject({ ok: true, kind: "account" });
    for (const role of ["manager", "employee"]) expect(await resolveStatementScope(database.db(), users[role]!, { account: accountId, card: null })).toEqual({ ok: false, reason: "denied" });
    expect(await resolveStatementScope(database.db(), users.finance!, { account: otherOrgAccountId, card: null })).toEqual({ ok: false, reason: "not_found" });
    expect(await resolveStatementScope(database.db(), users.auditor!, { account: null, card: cardId })).toMatchObject({ ok: true, kind: "card" });
    expect(await resolveStatementScope(database.db(), users.employee!, { account: null, card: cardId })).toEqual({ ok: false, reason: "denied" });
  });

  it("refuses someone who may not see funding whatever the address names, before saying what exists", async () => {
    for (const named of [{ account: null, card: null }, { account: otherOrgAccountId, card: null }, { account: null, card: randomUUID() }]) {
      expect(await resolveStatementScope(database.db(), users.employee!, named), JSON.stringify(named)).toEqual({ ok: false, reason: "denied" });
    }
    expect(await resolveStatementScope(database.db(), users.finance!, { account: null, card: null })).toEqual({ ok: false, reason: "missing" });
    const response = await exportStatementsCsv(database.db(), { user: users.employee!, meta: TEST_META, searchParams: new URLSearchParams() });
    expect(response.status).toBe(403);
  });

  it("ignores bad filter values with a notice naming each", () => {
    const { search, ignored } = parseStatementSearch(new URLSearchParams("account=nope&from=2026-13-01&type=a%20b&cursor=zzz&to=2026-11-02"));
    expect(search).toMatchObject({ account: null, from: null, type: null, cursor: null, to: "2026-11-02" });
    expect(ignored.map((issue) => issue.field)).toEqual(["account", "from", "type", "cursor"]);
  });
});

describe("CSV export", () => {
  const exported = (userId: string) =>
    database
      .db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "statements.exported"), eq(auditLog.actorUserId, userId)));

  it("streams every matching line with signed amounts and fee items, defuses formulas, and is on record before the first byte", async () => {
    const response = await exportStatementsCsv(database.db(), { user: users.auditor!, meta: TEST_META, searchParams: new URLSearchParams(`card=${cardId}`) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    // Recorded before the body is read at all.
    const [row] = await exported(users.auditor!.id);
    expect(row).toMatchObject({ targetType: "card", targetId: cardId, outcome: "success" });
    const lines = (await response.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "occurred_at_utc,completed_at_utc,source,type,direction,currency,amount,fee_currency,fee,fee_items,total_currency,total,available_after,blocked_after,status,card_id,card_alias,card_last_four,provider_card_id,provider_order_id,provider_log_id,note",
    );
    // The card's own ledger only: the funding account's side of its top-up is not in the card's sum.
    expect(lines).toHaveLength(2);
    // Stored with the provider's fundsDirection "out" (the funding account's side), but the line is the card's balance
    // rising: the direction is the amount's, into the ledger the line belongs to.
    expect(lines[1]).toBe(`2026-11-20T08:00:00.000Z,,card,CardTopUp,in,USD,2.00,USD,0.10,TopUpFee 0.10 USD,USD,2.10,,,,${cardId},Ads,0806,C-1,,L-100,"'=HYPERLINK(""http://evil"")"`);

    const accountSide = await exportStatementsCsv(database.db(), { user: users.auditor!, meta: TEST_META, searchParams: new URLSearchParams(`card=${cardId}&source=account`) });
    expect((await accountSide.text()).trimEnd().split("\r\n").slice(1)).toEqual([expect.stringMatching(new RegExp(`^2026-11-20T08:00:00\\.000Z,,account,CardTopUp,out,USD,-2\\.00,.*,${cardId},Ads,0806,C-1,,L-101,$`))]);

    const account = await exportStatementsCsv(database.db(), { user: users.finance!, meta: TEST_META, searchParams: new URLSearchParams(`account=${accountId}&type=Consume`) });
    const body = (await account.text()).trimEnd().split("\r\n");
    expect(body).toHaveLength(21);
    // A negative amount is written as a bare signed number, not defused into text; a line naming no card has no card cells.
    expect(body.at(-1)).toBe("2026-11-01T12:00:01.000Z,,account,Consume,out,USD,-1.00,,,,,,999.00,0.00,,,,,,,L-1,");
    // On record with the account as it was labelled, so the audit log says whose statement left, and with what filters.
    const [recorded] = await exported(users.finance!.id);
    const label = (await listProviderAccounts(database.db())).find((entry) => entry.id === accountId)!.label;
    expect(recorded?.summary).toMatchObject({ providerAccount: label, filters: { type: "Consume" } });
    const sentence = describeEventText(recorded!, auditLabelsWithoutLookups([recorded!]));
    expect(sentence).toMatch(new RegExp(`exported the statement of the provider account “${label}” as CSV \\(type Consume\\)\\.$`));
  });

  it("writes each line's direction from its signed amount, and none for a line that moves nothing", async () => {
    const { rows } = await listStatements(database.db(), { filter: { providerAccountId: accountId, from: new Date("2026-11-20T00:00:00Z") }, limit: 100 });
    const topUp = rows.find((row) => row.providerLogId === "L-100")!;
    const direction = (row: typeof topUp) => statementCsvLine(row).split(",")[4];
    expect([direction(topUp), direction({ ...topUp, amount: -200n, direction: "in" }), direction({ ...topUp, amount: 0n, direction: "in" })]).toEqual(["in", "out", ""]);
  });

  it("refuses a role without funding.view and records the denial; bad filters are a 400", async () => {
    const response = await exportStatementsCsv(database.db(), { user: users.manager!, meta: TEST_META, searchParams: new URLSearchParams(`account=${accountId}`) });
    expect(response.status).toBe(403);
    expect(await exported(users.manager!.id)).toEqual([]);
    const denials = await database.db().select().from(auditLog).where(and(eq(auditLog.action, "permission.denied"), eq(auditLog.actorUserId, users.manager!.id)));
    expect(denials.length).toBeGreaterThan(0);
    expect((await exportStatementsCsv(database.db(), { user: users.finance!, meta: TEST_META, searchParams: new URLSearchParams("account=x") })).status).toBe(400);
    expect((await exportStatementsCsv(database.db(), { user: users.finance!, meta: TEST_META, searchParams: new URLSearchParams(`account=${otherOrgAccountId}`) })).status).toBe(404);
  });
});

describe("a ShareBalance card's statement (UI review 47 L5)", () => {
  it("exports, like the page, the funding account's lines for it unless its own (always empty) ledger is asked for", async () => {
    const db = database.db();
    // It spends from the funding account: no balance of its own, so every line of it is the funding account's.
    const share = await insertCard(db, { organizationId: users.admin!.organizationId, providerAccountId: accountId, providerCardId: "C-2", cardModel: "sharebalance", alias: "Marketing", last4: "0001", currency: "USD", status: "active" });
    await db.insert(providerStatements).values(line(200, { cardId: share.id, providerCardId: "C-2", type: "CardTopUp", amount: -500n, availableAfter: 98_000n, occurredAt: new Date("2026-11-25T08:00:00Z") }));
    const csv = async (query: string) => {
      const response = await exportStatementsCsv(db, { user: users.admin!, meta: TEST_META, searchParams: new URLSearchParams(query) });
      expect(response.status).toBe(200);
      return (await response.text()).trimEnd().split("\r\n").slice(1);
    };

    expect(await csv(`card=${share.id}`), "the export link names no ledger, as the page's address").toEqual([expect.stringMatching(new RegExp(`^2026-11-25T08:00:00\\.000Z,,account,CardTopUp,out,USD,-5\\.00,.*,${share.id},Marketing,0001,C-2,,L-200,$`))]);
    const [recorded] = await db.select().from(auditLog).where(and(eq(auditLog.action, "statements.exported"), eq(auditLog.targetId, share.id)));
    expect(recorded!.summary).toMatchObject({ filters: { source: "account" } });
    expect(await csv(`card=${share.id}&source=card`)).toEqual([]);
    expect(await csv(`card=${share.id}&source=account`)).toHaveLength(1);
  });
});
