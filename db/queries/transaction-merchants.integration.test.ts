import { randomBytes } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureLoginRole, grantAppRole } from "@/db/app-role";
import { createDb } from "@/db/client";
import { upsertLedgerRow, type LedgerRowInsert } from "@/db/queries/transactions-ingest";
import { listTransactions, transactionTotalsFromRows, type TransactionScope } from "@/db/queries/transactions";
import { organizations } from "@/db/schema/organizations";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { storedWebhookSecret } from "@/lib/provider-accounts/webhook-secret";
import { teams } from "@/db/schema/teams";
import { transactionMerchants } from "@/db/schema/transaction-merchants";
import { transactions } from "@/db/schema/transactions";
import { users } from "@/db/schema/users";
import { seedDemo } from "@/db/seed";
import type { VisibilityFilter } from "@/lib/auth/permissions";
import { STATUS_RANK } from "@/lib/transactions/ledger-row";
import { withTestDatabase } from "@/test/database";
import { ledgerRow } from "@/test/rollup-fixtures";

/**
 * The merchant text search reads transaction_merchants (each organisation's distinct merchant names) and then the
 * rows of the names that match. These tests hold the name list to what the transactions carry, through every way a
 * row is written (the ingestion upsert, a later report that names the merchant, a bulk insert, a plain update), and
 * the search to the semantics it had when it matched the rows themselves: any case, a substring, `%` and `_` literal.
 */
const database = withTestDatabase();
const db = () => database.db();
let organizationId: string;
let accountId: string;
let otherOrganizationId: string;
let otherAccountId: string;

/** A settled USD purchase with no merchant name unless `values` gives one (test/rollup-fixtures.ts's ledger row). */
function row(key: string, values: Partial<LedgerRowInsert> = {}): LedgerRowInsert {
  return ledgerRow({ organizationId, providerAccountId: accountId }, key, {
    status: "settled",
    providerStatus: "settled",
    amount: 1000n,
    occurredAt: new Date("2026-03-01T12:00:00Z"),
    merchantName: null,
    ...values,
  });
}

async function listedNames(organization: string): Promise<string[]> {
  const rows = await db()
    .select({ name: transactionMerchants.merchantName })
    .from(transactionMerchants)
    .where(eq(transactionMerchants.organizationId, organization))
    .orderBy(asc(transactionMerchants.merchantName));
  return rows.map((item) => item.name);
}

const everyone: VisibilityFilter = { all: true };

async function search(q: string, visibility: VisibilityFilter = everyone, organization = organizationId) {
  const scope: TransactionScope = { organizationId: organization, visibility, filters: { q } };
  const page = await listTransactions(db(), { ...scope, limit: 100 });
  const totals = await transactionTotalsFromRows(db(), scope);
  return {
    names: [...new Set(page.rows.map((item) => item.merchantName))].sort(),
    keys: page.rows.map((item) => item.providerTransactionId).sort(),
    count: totals.reduce((sum, total) => sum + total.count, 0),
  };
}

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  const [org] = await db().select({ id: organizations.id }).from(organizations).limit(1);
  organizationId = org!.id;
  const [account] = await db().select({ id: providerAccounts.id }).from(providerAccounts).where(eq(providerAccounts.organizationId, organizationId)).limit(1);
  accountId = account!.id;
  const [other] = await db().insert(organizations).values({ name: "Other Company" }).returning({ id: organizations.id });
  otherOrganizationId = other!.id;
  const [otherAccount] = await db()
    .insert(providerAccounts)
    .values({ organizationId: otherOrganizationId, provider: "cardepass", label: "Other", baseUrl: "http://127.0.0.1:9", credentialsEncrypted: "not-a-credential", ...storedWebhookSecret("other") })
    .returning({ id: providerAccounts.id });
  otherAccountId = otherAccount!.id;
}, 120_000);

describe("the organisation's merchant names, kept by triggers", () => {
  it("lists a name when the ingestion upsert inserts its first row, once however many rows carry it", async () => {
    await upsertLedgerRow(db(), row("ingest-1", { merchantName: "Coffee Corner" }));
    await upsertLedgerRow(db(), row("ingest-2", { merchantName: "Coffee Corner" }));
    expect(await listedNames(organizationId)).toEqual(["Coffee Corner"]);
  });

  it("lists a name that a later report of the same transaction brings (the upsert's update path), and never a null", async () => {
    await upsertLedgerRow(db(), row("late-name", { status: "authorised", statusRank: STATUS_RANK.authorised }));
    expect(await listedNames(organizationId)).toEqual(["Coffee Corner"]);
    await upsertLedgerRow(db(), row("late-name", { merchantName: "Late Bakery" }));
    expect(await listedNames(organizationId)).toEqual(["Coffee Corner", "Late Bakery"]);
  });

  it("lists every name of a bulk insert, in the same statement", async () => {
    await db().execute(sql`
      insert into transactions (organization_id, provider_account_id, provider_transaction_id, type, status, amount, currency, merchant_name, occurred_at)
      select ${organizationId}::uuid, ${accountId}::uuid, 'bulk-' || g, 'purchase', 'settled', 100 + g, 'USD',
        'Bulk Store ' || lpad((g % 40)::text, 2, '0'), timestamptz '2026-03-01' + make_interval(secs => g)
      from generate_series(1, 4000) g`);
    const names = await listedNames(organizationId);
    expect(names.filter((name) => name.startsWith("Bulk Store "))).toHaveLength(40);
    expect(names).toContain("Bulk Store 00");
    expect(names).toContain("Bulk Store 39");
  });

  it("lists a name set by a plain update, and keeps the name it replaced", async () => {
    await db().update(transactions).set({ merchantName: "Renamed Florist" }).where(eq(transactions.providerTransactionId, "ingest-2"));
    expect(await listedNames(organizationId)).toEqual(expect.arrayContaining(["Coffee Corner", "Renamed Florist"]));
  });

  it("keeps each organisation's names apart, and a search never finds another organisation's", async () => {
    await upsertLedgerRow(db(), row("other-1", { organizationId: otherOrganizationId, providerAccountId: otherAccountId, merchantName: "Secret Supplier" }));
    expect(await listedNames(otherOrganizationId)).toEqual(["Secret Supplier"]);
    expect(await listedNames(organizationId)).not.toContain("Secret Supplier");
    expect(await search("Secret")).toEqual({ names: [], keys: [], count: 0 });
    expect(await search("Secret", everyone, otherOrganizationId)).toEqual({ names: ["Secret Supplier"], keys: ["other-1"], count: 1 });
  });

  it("lists a name written by the application's restricted role (the trigger runs with its grants)", async () => {
    const role = `cardhub_app_${randomBytes(4).toString("hex")}`;
    const owner = createDb(database.url(), 1);
    let app: ReturnType<typeof createDb> | undefined;
    try {
      const appUrl = await ensureLoginRole(owner.pool, { ownerUrl: database.url(), role, password: randomBytes(12).toString("hex") });
      await grantAppRole(owner.pool, role);
      app = createDb(appUrl, 1);
      await upsertLedgerRow(app.db, row("app-role", { merchantName: "App Role Deli" }));
      expect(await listedNames(organizationId)).toContain("App Role Deli");
    } finally {
      await app?.pool.end();
      await owner.pool.query(`drop owned by "${role}"`);
      await owner.pool.query(`drop role if exists "${role}"`);
      await owner.pool.end();
    }
  });

  it("leaves no name behind for a write that rolled back", async () => {
    await expect(
      db().transaction(async (tx) => {
        await upsertLedgerRow(tx, row("rolled-back", { merchantName: "Ghost Vendor" }));
        throw new Error("crash mid-write");
      }),
    ).rejects.toThrow("crash mid-write");
    expect(await listedNames(organizationId)).not.toContain("Ghost Vendor");
  });
});

describe("merchant text search through the name list", () => {
  beforeAll(async () => {
    for (const [key, name] of [
      ["pct", "100% Pure Juice"],
      ["pct-not", "1000 Pure Juice"],
      ["under", "Snake_Case Labs"],
      ["under-not", "SnakeXCase Labs"],
      ["slash", "Back\\Slash Books"],
    ] as const) {
      await upsertLedgerRow(db(), row(key, { merchantName: name }));
    }
  });

  it("matches a substring in any case, in the list and its totals alike", async () => {
    expect(await search("coffee")).toEqual({ names: ["Coffee Corner"], keys: ["ingest-1"], count: 1 });
    expect(await search("ORNER")).toEqual({ names: ["Coffee Corner"], keys: ["ingest-1"], count: 1 });
    const bulk = await search("bulk store 0");
    expect(bulk.names).toHaveLength(10);
    expect(bulk.count).toBe(1000);
  });

  it("matches % and _ and \\ literally, never as wildcards", async () => {
    expect(await search("100%")).toEqual({ names: ["100% Pure Juice"], keys: ["pct"], count: 1 });
    expect(await search("e_C")).toEqual({ names: ["Snake_Case Labs"], keys: ["under"], count: 1 });
    expect(await search("k\\S")).toEqual({ names: ["Back\\Slash Books"], keys: ["slash"], count: 1 });
  });

  it("finds nothing for a text no name contains", async () => {
    expect(await search("Nowhere Emporium")).toEqual({ names: [], keys: [], count: 0 });
  });

  it("finds a renamed row under its new name only", async () => {
    expect(await search("Renamed Florist")).toEqual({ names: ["Renamed Florist"], keys: ["ingest-2"], count: 1 });
    expect((await search("Coffee")).keys).toEqual(["ingest-1"]);
  });

  it("combines with a manager's visibility: their team's rows and their own, nothing else", async () => {
    const [team] = await db().select({ id: teams.id }).from(teams).where(eq(teams.organizationId, organizationId)).limit(1);
    const people = await db().select({ id: users.id }).from(users).where(eq(users.organizationId, organizationId)).orderBy(asc(users.email)).limit(2);
    const [manager, stranger] = [people[0]!.id, people[1]!.id];
    await upsertLedgerRow(db(), row("vis-team", { merchantName: "Visible Vendor A", teamId: team!.id, ownerUserId: stranger }));
    await upsertLedgerRow(db(), row("vis-own", { merchantName: "Visible Vendor B", ownerUserId: manager }));
    await upsertLedgerRow(db(), row("vis-hidden", { merchantName: "Visible Vendor C", ownerUserId: stranger }));
    const visibility: VisibilityFilter = { all: false, ownerUserId: manager, teamIds: [team!.id] };
    expect(await search("visible vendor", visibility)).toEqual({ names: ["Visible Vendor A", "Visible Vendor B"], keys: ["vis-own", "vis-team"], count: 2 });
    expect((await search("visible vendor")).count).toBe(3);
  });
});
