import { and, eq, inArray, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCardByProviderId } from "@/db/queries/card-updates";
import { listUnlinkedProviderCardIds } from "@/db/queries/transactions-ingest";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findUnknownProviderCards, unknownProviderCardKey } from "@/db/queries/unknown-provider-cards";
import { auditLog } from "@/db/schema/audit";
import { transactions } from "@/db/schema/transactions";
import { seedDemo } from "@/db/seed";
import type { Transaction } from "@/lib/providers/types";
import { ingestTransactions } from "@/lib/transactions/ingest";
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
const EVENTS = "66a0c0de0000000000000004"; // Standard, "Events"

const database = withTestDatabase();
let sandbox: RunningSandbox;
let accountId = "";
let organizationId = "";

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

/** A settled purchase as an adapter hands it over, naming a provider card id. */
function purchaseOn(provider: Transaction["provider"], providerCardId: string, id: string): Transaction {
  return {
    provider,
    providerTransactionId: id,
    providerCardId,
    status: "completed",
    providerStatus: "SUCCESS",
    kind: "purchase",
    providerType: "CONSUME",
    amount: { amount: -500n, currency: "USD" },
    originalAmount: null,
    authAmount: null,
    merchantName: "NOTION",
    merchantCountry: "US",
    description: null,
    authCode: null,
    failureReason: null,
    authorizedAt: new Date("2026-11-20T10:00:00Z"),
    settledAt: new Date("2026-11-20T10:00:00Z"),
    occurredAt: new Date("2026-11-20T10:00:00Z"),
  };
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  const account = (await listProviderAccounts(database.db())).find((row) => row.provider === "cardepass")!;
  accountId = account.id;
  organizationId = account.organizationId;
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
    // Issued when the provider says (cardepass-v1.md card detail "applyTime"); created_at stays the import's.
    expect(engineering!.issuedAt).toEqual(new Date("2025-03-05T08:44:02.310Z"));
    expect(engineering!.createdAt.getTime()).toBeGreaterThan(Date.now() - 10 * 60_000);

    for (const [providerCardId, card] of [[MARKETING, marketing!], [ENGINEERING, engineering!]] as const) {
      const rows = await rowsOf(providerCardId);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((row) => row.cardId === card.id)).toBe(true);
    }

    const audit = await importAuditRows();
    expect(audit.map((row) => row.targetId).sort()).toEqual([marketing!.id, engineering!.id].sort());
    for (const row of audit) expect(row.summary).toMatchObject({ providerAccount: expect.any(String), status: "active" });
  });

  it("leaves a card id the provider no longer knows unlinked, without counting a failure, and records it as unknown", async () => {
    expect(await findCardByProviderId(database.db(), { providerAccountId: accountId, providerCardId: FORGOTTEN })).toBeNull();
    const rows = await rowsOf(FORGOTTEN);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.cardId === null)).toBe(true);
    const unknown = await findUnknownProviderCards(database.db(), [FORGOTTEN, MARKETING].map((providerCardId) => ({ providerAccountId: accountId, providerCardId })));
    expect([...unknown]).toEqual([unknownProviderCardKey({ providerAccountId: accountId, providerCardId: FORGOTTEN })]);
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
    // Neither MARKETING (held) nor FORGOTTEN (the provider said it does not know it) is asked about again.
    expect(await listUnlinkedProviderCardIds(database.db(), { providerAccountId: accountId, limit: 100 })).toEqual([]);
  });

  it("ids the provider does not know do not hold back the ones after them", async () => {
    // More ids than one sync reads (100), all unknown to the provider and all before EVENTS in id order.
    const phantoms = Array.from({ length: 100 }, (_, index) => `00deleted${String(index).padStart(15, "0")}`);
    await ingestTransactions(database.db(), { id: accountId, organizationId }, [...phantoms.map((id, index) => purchaseOn("cardepass", id, `phantom-${index}`)), purchaseOn("cardepass", EVENTS, "events-1")]);

    expect(await syncAccountCards(database.db(), accountId)).toMatchObject({ imported: 0, failed: 0 });
    expect(await syncAccountCards(database.db(), accountId)).toMatchObject({ imported: 1, failed: 0 });
    expect(await findCardByProviderId(database.db(), { providerAccountId: accountId, providerCardId: EVENTS })).toMatchObject({ alias: "Events", status: "frozen" });
    const unknown = await findUnknownProviderCards(database.db(), phantoms.map((providerCardId) => ({ providerAccountId: accountId, providerCardId })));
    expect(unknown.size).toBe(100);
  });

  it("a provider with a card list: an id the list leaves out is asked about on its own and recorded when unknown", async () => {
    const nobepay = (await listProviderAccounts(database.db())).find((row) => row.provider === "nobepay")!;
    const stray = "c_deleted_at_nobepay_0001";
    await ingestTransactions(database.db(), { id: nobepay.id, organizationId }, [purchaseOn("nobepay", stray, "nobepay-stray-1")]);
    expect(await syncAccountCards(database.db(), nobepay.id)).toMatchObject({ failed: 0 });
    expect(await findCardByProviderId(database.db(), { providerAccountId: nobepay.id, providerCardId: stray })).toBeNull();
    expect([...(await findUnknownProviderCards(database.db(), [{ providerAccountId: nobepay.id, providerCardId: stray }]))]).toHaveLength(1);
    expect(await listUnlinkedProviderCardIds(database.db(), { providerAccountId: nobepay.id, limit: 100 })).toEqual([]);
  });
});
