import { and, eq, isNotNull, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCardByProviderId } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { cards } from "@/db/schema/cards";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { providerSyncStatus } from "@/db/schema/provider-sync-status";
import { seedDemo } from "@/db/seed";
import { providerForAccount } from "@/lib/providers/for-account";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { CARDS_SYNC, syncAllCards, type SyncSummary } from "./sync-account-cards";

const database = withTestDatabase();
let sandbox: RunningSandbox;
let accountId = "";
/** Two cards a sync: Card OPEN-API's five seeded cards take several syncs (each reads its last page again). */
const CAP = { pageSize: 1, maxPages: 2 };
/** Status 1 (not activated), so a card sync asks about it. */
const DELETED = "5f1d0c9e8b7a6f5e4d3c2b1a00000005";

async function providerCardIds(): Promise<string[]> {
  const provider = await providerForAccount(database.db(), accountId);
  const ids: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await provider.listCards({ cursor, pageSize: 100 });
    ids.push(...page.items.map((card) => card.providerCardId));
    if (!page.nextCursor) return ids.sort();
    cursor = page.nextCursor;
  }
}

async function storedCardIds(): Promise<string[]> {
  const rows = await database.db().select({ id: cards.providerCardId }).from(cards).where(eq(cards.providerAccountId, accountId));
  return rows.map((row) => row.id!).sort();
}

async function missingCardIds(): Promise<string[]> {
  const rows = await database
    .db()
    .select({ id: cards.providerCardId })
    .from(cards)
    .where(and(eq(cards.providerAccountId, accountId), isNotNull(cards.providerMissingSince)));
  return rows.map((row) => row.id!);
}

async function cardSyncStatus() {
  const [row] = await database
    .db()
    .select()
    .from(providerSyncStatus)
    .where(and(eq(providerSyncStatus.providerAccountId, accountId), eq(providerSyncStatus.kind, CARDS_SYNC)));
  return row;
}

/** Syncs until one records the account's card sync as done; `between` runs after each sync that does not. */
async function syncUntilListed(between?: () => Promise<void>): Promise<SyncSummary[]> {
  const summaries: SyncSummary[] = [];
  for (let run = 0; run < 10; run += 1) {
    const startedAt = new Date();
    summaries.push(await syncAllCards(database.db(), CAP));
    const status = await cardSyncStatus();
    if (status?.lastSuccessAt && status.lastSuccessAt >= startedAt) return summaries;
    await between?.();
  }
  throw new Error(`card list still unfinished after 10 syncs: ${JSON.stringify(summaries.at(-1))}`);
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  accountId = (await listProviderAccounts(database.db())).find((account) => account.provider === "cardopenapi")!.id;
  // Only this account syncs, so a sync's summary is its own.
  await database.db().update(providerAccounts).set({ active: false }).where(ne(providerAccounts.id, accountId));
});
afterAll(async () => {
  await sandbox?.close();
});

describe("a card list longer than one sync reads", () => {
  it("is imported over several syncs, each going on from where the last stopped; only the last counts as done", async () => {
    const listed = await providerCardIds();
    expect(listed).toHaveLength(5);

    const first = await syncAllCards(database.db(), CAP);
    // What the partial walk saw is stored.
    expect(await storedCardIds()).toHaveLength(2);
    expect(await cardSyncStatus()).toMatchObject({ lastSuccessAt: null, lastError: expect.stringContaining("Card list longer than one sync reads") });
    expect(first.unfinished).toBe(1);

    const rest = await syncUntilListed();
    expect(rest.length).toBeGreaterThan(1);
    expect(await storedCardIds()).toEqual(listed);
    expect((await cardSyncStatus())?.lastSuccessAt).toBeInstanceOf(Date);
    expect(await missingCardIds()).toEqual([]);
  });

  it("marks a card the provider forgot missing only once the list was read to its end, never from a partial read", async () => {
    const before = await findCardByProviderId(database.db(), { providerAccountId: accountId, providerCardId: DELETED });
    expect(before?.providerMissingSince).toBeNull();
    expect((await fetch(`${sandbox.url}/_sandbox/cards/cardopenapi/${DELETED}`, { method: "DELETE" })).status).toBe(200);

    const first = await syncAllCards(database.db(), CAP);
    // Every card the partial read did not reach (the forgotten one among them) is left alone.
    expect(await missingCardIds()).toEqual([]);
    expect(first.missing).toBe(0);

    const rest = await syncUntilListed(async () => expect(await missingCardIds()).toEqual([]));
    expect(await missingCardIds()).toEqual([DELETED]);
    expect(rest.at(-1)).toMatchObject({ missing: 1 });
    expect(first.unfinished).toBe(1);
  });
});
