import { and, eq, inArray, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCardByProviderId } from "@/db/queries/card-updates";
import { listUnlinkedProviderCardIds } from "@/db/queries/transactions-ingest";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { auditLog } from "@/db/schema/audit";
import { transactions } from "@/db/schema/transactions";
import { seedDemo } from "@/db/seed";
import { syncAccountTransactions } from "@/lib/transactions/sync-account";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { syncAccountCards } from "./sync-account-cards";

// Cardepass has no card list ("the API has no card list; cards are known from their issue orders"), so cards issued
// in its own portal reach Cardhub only through the card ids their transactions carry. Seeded sandbox cards stand for
// them (sandbox/README.md, "Seeded starting data").
const MARKETING = "66a0c0de0000000000000001"; // ShareBalance, "Marketing - Ads"
const ENGINEERING = "66a0c0de0000000000000002"; // ShareBalance, "Engineering SaaS"
const FORGOTTEN = "66a0c0de0000000000000003"; // Standard, deleted from the sandbox after its purchase

const database = withTestDatabase();
let sandbox: RunningSandbox;
let accountId = "";

async function sandboxCall(path: string, method: string, body?: unknown): Promise<void> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.status, `${method} ${path}`).toBe(200);
}

async function rowsOf(providerCardId: string) {
  return database
    .db()
    .select({ cardId: transactions.cardId, ownerUserId: transactions.ownerUserId, teamId: transactions.teamId })
    .from(transactions)
    .where(and(eq(transactions.providerAccountId, accountId), eq(transactions.providerCardId, providerCardId)));
}

async function importAuditRows() {
  return database.db().select().from(auditLog).where(eq(auditLog.action, "card.imported"));
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  accountId = (await listProviderAccounts(database.db())).find((account) => account.provider === "cardepass")!.id;
  for (const cardId of [MARKETING, ENGINEERING, FORGOTTEN]) {
    await sandboxCall("/_sandbox/purchase", "POST", { provider: "cardepass", cardId, amount: "12.34", currency: "USD", merchant: "FIGMA" });
  }
  await syncAccountTransactions(database.db(), accountId);
  await sandboxCall(`/_sandbox/cards/cardepass/${FORGOTTEN}`, "DELETE");
});
afterAll(async () => {
  await sandbox?.close();
});

describe("cards a provider cannot list, named by their transactions", () => {
  it("are unknown before the card sync: their transactions wait unlinked", async () => {
    for (const providerCardId of [MARKETING, ENGINEERING, FORGOTTEN]) {
      const rows = await rowsOf(providerCardId);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((row) => row.cardId === null)).toBe(true);
      expect(await findCardByProviderId(database.db(), { providerAccountId: accountId, providerCardId })).toBeNull();
    }
  });

  it("are read one by one, imported as unassigned company cards and their transactions linked", async () => {
    const summary = await syncAccountCards(database.db(), accountId);
    expect(summary).toMatchObject({ imported: 2, failed: 0 });

    const marketing = await findCardByProviderId(database.db(), { providerAccountId: accountId, providerCardId: MARKETING });
    const engineering = await findCardByProviderId(database.db(), { providerAccountId: accountId, providerCardId: ENGINEERING });
    expect(marketing).toMatchObject({ alias: "Marketing - Ads", cardModel: "sharebalance", status: "active", ownerUserId: null, teamId: null });
    expect(engineering).toMatchObject({ alias: "Engineering SaaS", cardModel: "sharebalance", status: "active", ownerUserId: null });

    for (const [providerCardId, card] of [[MARKETING, marketing!], [ENGINEERING, engineering!]] as const) {
      const rows = await rowsOf(providerCardId);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((row) => row.cardId === card.id)).toBe(true);
    }

    const audit = await importAuditRows();
    expect(audit.map((row) => row.targetId).sort()).toEqual([marketing!.id, engineering!.id].sort());
    for (const row of audit) expect(row.summary).toMatchObject({ providerAccount: expect.any(String), status: "active" });
  });

  it("leaves a card id the provider no longer knows unlinked, without counting a failure", async () => {
    expect(await findCardByProviderId(database.db(), { providerAccountId: accountId, providerCardId: FORGOTTEN })).toBeNull();
    const rows = await rowsOf(FORGOTTEN);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.cardId === null)).toBe(true);
  });

  it("imports nothing twice when the sync runs again", async () => {
    const summary = await syncAccountCards(database.db(), accountId);
    expect(summary).toMatchObject({ imported: 0, failed: 0 });
    expect(await importAuditRows()).toHaveLength(2);
    const unlinked = await database
      .db()
      .select({ providerCardId: transactions.providerCardId })
      .from(transactions)
      .where(and(eq(transactions.providerAccountId, accountId), isNull(transactions.cardId), inArray(transactions.providerCardId, [MARKETING, ENGINEERING])));
    expect(unlinked).toEqual([]);
  });

  it("does not ask about a card we hold whose rows are not linked yet, only about ids no card carries", async () => {
    await database.db().update(transactions).set({ cardId: null }).where(and(eq(transactions.providerAccountId, accountId), eq(transactions.providerCardId, MARKETING)));
    expect(await listUnlinkedProviderCardIds(database.db(), { providerAccountId: accountId, limit: 100 })).toEqual([FORGOTTEN]);
  });
});
