import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { cardsMissingQuery, listCardsMissingAtProvider } from "@/db/queries/cards-missing";
import { findCardByProviderId } from "@/db/queries/card-updates";
import { auditLog } from "@/db/schema/audit";
import { providerSyncStatus } from "@/db/schema/provider-sync-status";
import { ActionError } from "@/lib/actions/result";
import { FLAGGED_CARDS_SHOWN } from "@/lib/overview/load-overview";
import type { RunningSandbox } from "@/sandbox/server";
import { insertBulkCardsManyMarked } from "@/test/bulk-cards";
import { startCardSyncSandbox } from "@/test/card-sync-sandbox";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { updateCardDetails } from "./edit-card";
import { NOT_FOUND_AT_PROVIDER_REASON } from "./provider-missing";
import { requestCardChange } from "./request-card-change";
import { CARDS_SYNC, syncAllCards } from "./sync-account-cards";
import { syncCard } from "./sync-card";
import { planNodes } from "@/test/query-plan";

const database = withTestDatabase();
let sandbox: RunningSandbox;
let organizationId = "";
let accountIds: Record<string, string> = {};

// One card per provider, each from the sandbox's seeded world (sandbox/README.md, "Seeded starting data").
const DELETED = {
  cardepass: "66a0c0de0000000000000003",
  nobepay: "c_8f3a1c0e5b7d4a2f0001",
  cardopenapi: "5f1d0c9e8b7a6f5e4d3c2b1a00000001",
} as const;
type Provider = keyof typeof DELETED;
const PROVIDERS = Object.keys(DELETED) as Provider[];

async function cardOf(provider: Provider) {
  const card = await findCardByProviderId(database.db(), { providerAccountId: accountIds[provider]!, providerCardId: DELETED[provider] });
  if (!card) throw new Error(`no ${provider} card ${DELETED[provider]}`);
  return card;
}

async function auditRows(action: "card.missing_at_provider" | "card.found_at_provider", cardId: string) {
  return database.db().select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.targetId, cardId)));
}

async function syncStatus(provider: Provider) {
  const [row] = await database
    .db()
    .select()
    .from(providerSyncStatus)
    .where(and(eq(providerSyncStatus.providerAccountId, accountIds[provider]!), eq(providerSyncStatus.kind, CARDS_SYNC)));
  return row;
}

beforeAll(async () => {
  // The Cardepass card stands for one Cardhub issued.
  ({ sandbox, organizationId, accountIds } = await startCardSyncSandbox(database.db(), {
    providerCardId: DELETED.cardepass,
    cardModel: "standard",
    alias: "Travel - Sales",
    status: "active",
  }));
  const first = await syncAllCards(database.db());
  expect(first).toMatchObject({ failed: 0, missing: 0 });
});
afterAll(async () => {
  await sandbox?.close();
});

describe("a card deleted from the sandbox", () => {
  it("is known and healthy before the provider forgets it; each account records its card sync", async () => {
    for (const provider of PROVIDERS) {
      expect((await cardOf(provider)).providerMissingSince).toBeNull();
      const status = await syncStatus(provider);
      expect(status?.lastSuccessAt).toBeInstanceOf(Date);
      expect(status?.lastError).toBeNull();
    }
    expect(await listCardsMissingAtProvider(database.db(), { organizationId, limit: 10 })).toEqual([]);
  });

  it("is marked not found at its provider on the next sync, audited once however often the sync runs", async () => {
    for (const provider of PROVIDERS) {
      const response = await fetch(`${sandbox.url}/_sandbox/cards/${provider}/${DELETED[provider]}`, { method: "DELETE" });
      expect(response.status).toBe(200);
    }
    const summary = await syncAllCards(database.db());
    expect(summary).toMatchObject({ missing: 3, failed: 0 });
    await syncAllCards(database.db());

    for (const provider of PROVIDERS) {
      const card = await cardOf(provider);
      expect(card.providerMissingSince, provider).toBeInstanceOf(Date);
      // Still what Cardhub last knew: the provider said nothing about the card's state, only that it does not know it.
      expect(card.status, provider).toBe("active");
      const rows = await auditRows("card.missing_at_provider", card.id);
      expect(rows, provider).toHaveLength(1);
      expect(rows[0]!.summary).toMatchObject({ providerCardId: DELETED[provider], providerCode: expect.any(String) });
      // A card the provider does not know is not an account failure: the account's card sync still succeeded.
      expect((await syncStatus(provider))?.lastError ?? null, provider).toBeNull();
    }
    expect((await auditRows("card.missing_at_provider", (await cardOf("cardepass")).id))[0]!.summary).toMatchObject({ providerCode: "CARD_NOT_FOUND" });

    const listed = await listCardsMissingAtProvider(database.db(), { organizationId, limit: 10 });
    expect(listed.map((card) => card.id).sort()).toEqual((await Promise.all(PROVIDERS.map(cardOf))).map((card) => card.id).sort());
    expect(await listCardsMissingAtProvider(database.db(), { organizationId, limit: 2 })).toHaveLength(2);
    // Newest first, then by id: the order of cards_provider_missing_idx.
    const keys = listed.map((card) => `${card.providerMissingSince.toISOString()}|${card.id}`);
    expect(keys).toEqual([...keys].sort().reverse());
  });

  it("refuses every action on it with the reason, on the server", async () => {
    const finance = await sessionUserFor(database.db(), "finance@demo.test");
    const card = await cardOf("cardepass");
    await expect(requestCardChange(database.db(), finance, TEST_META, card.id, { type: "freeze" })).rejects.toThrow(NOT_FOUND_AT_PROVIDER_REASON);
    await expect(requestCardChange(database.db(), finance, TEST_META, card.id, { type: "topup", amount: "10.00" })).rejects.toBeInstanceOf(ActionError);
    await expect(updateCardDetails(database.db(), finance, TEST_META, { cardId: card.id, alias: "Renamed", tags: [] })).rejects.toThrow(NOT_FOUND_AT_PROVIDER_REASON);
    // A single card's sync after an order hears the same answer and keeps the mark (no second audit row).
    await expect(syncCard(database.db(), card.id)).rejects.toThrow();
    expect(await auditRows("card.missing_at_provider", card.id)).toHaveLength(1);
  });

  it("is no longer marked once the provider knows it again, audited once", async () => {
    expect((await fetch(`${sandbox.url}/_sandbox/reset`, { method: "POST" })).status).toBe(200);
    await syncAllCards(database.db());
    await syncAllCards(database.db());
    for (const provider of PROVIDERS) {
      const card = await cardOf(provider);
      expect(card.providerMissingSince, provider).toBeNull();
      expect(await auditRows("card.found_at_provider", card.id), provider).toHaveLength(1);
    }
    expect(await listCardsMissingAtProvider(database.db(), { organizationId, limit: 10 })).toEqual([]);
  });

  it("records an account's failed card sync with the provider's answer, keeping the last success", async () => {
    const before = await syncStatus("cardopenapi");
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: "POST", body: JSON.stringify({ provider: "cardopenapi", failNext: 30, failStatus: 500 }) });
    try {
      await syncAllCards(database.db());
    } finally {
      await fetch(`${sandbox.url}/_sandbox/faults?provider=cardopenapi`, { method: "DELETE" });
    }
    const after = await syncStatus("cardopenapi");
    expect(after?.lastSuccessAt).toEqual(before?.lastSuccessAt);
    expect(after?.lastErrorAt).toBeInstanceOf(Date);
    expect(after?.lastError).toMatch(/\S/);
    expect((await cardOf("cardopenapi")).providerMissingSince).toBeNull();
  });

  it("lists the missing cards through cards_provider_missing_idx, without a sort, among many known ones", async () => {
    const db = database.db();
    // The shape the overview meets: more flagged cards than its list shows, among many others. (With fewer than it shows,
    // a walk of the index and a sort of the few cost the same and the planner's pick is a coin toss.)
    await insertBulkCardsManyMarked(db, { organizationId, providerAccountId: accountIds.cardopenapi!, status: "active", mark: (at) => ({ providerMissingSince: at }) });
    // Vacuumed as well as analysed, every table the query joins, so the plan does not hang on whether autovacuum reached them yet.
    await db.execute(sql`vacuum analyze cards, provider_accounts`);
    // The overview's list (lib/overview/load-overview.ts), the one page it reads.
    const result = await db.execute<{ "QUERY PLAN": unknown }>(sql`explain (format json) ${cardsMissingQuery(db, { organizationId, limit: FLAGGED_CARDS_SHOWN })}`);
    const nodes = planNodes(result.rows[0]!["QUERY PLAN"]);
    expect(nodes.some((node) => node["Index Name"] === "cards_provider_missing_idx")).toBe(true);
    expect(nodes.filter((node) => node["Node Type"] === "Sort")).toEqual([]);
    expect(nodes.filter((node) => node["Node Type"] === "Seq Scan" && node["Relation Name"] === "cards")).toEqual([]);
    // The newest of the 100 flagged: bulk-4950, one minute after bulk-4900, and so on down.
    expect((await listCardsMissingAtProvider(db, { organizationId, limit: FLAGGED_CARDS_SHOWN })).map((card) => card.alias)).toEqual(
      Array.from({ length: FLAGGED_CARDS_SHOWN }, (_, n) => `Bulk ${4950 - 50 * n}`),
    );
  });
});
