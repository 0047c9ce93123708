import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCardByProviderId, insertCard, updateCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findSyncHealth } from "@/db/queries/provider-sync-status";
import { providerStatements } from "@/db/schema/provider-statements";
import { seedDemo } from "@/db/seed";
import { syncAllCards } from "@/lib/cards/sync-account-cards";
import { parseMoney } from "@/lib/money";
import { providerForAccount } from "@/lib/providers/for-account";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { syncAccountStatements, type StatementSyncOptions, type StatementSyncResult } from "./sync-statements";

const database = withTestDatabase();
let sandbox: RunningSandbox;
const accountIds: Record<string, string> = {};
const SHARE = "66a0c0de0000000000000001";
const STANDARD = "66a0c0de0000000000000003";
const NOBEPAY_CARD = "c_8f3a1c0e5b7d4a2f0001";
const UNKNOWN = "c_unknown0000000000099";

/** Every line id the provider lists for one ledger (the funding account's, or a card's), read in full. */
async function providerLogIds(accountId: string, cardId?: string): Promise<string[]> {
  const provider = await providerForAccount(database.db(), accountId);
  const ids: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await provider.accountLogs({ cardId, cursor, pageSize: 100 });
    ids.push(...page.items.map((log) => log.providerLogId));
    if (!page.nextCursor) return ids.sort();
    cursor = page.nextCursor;
  }
}

async function storedLogIds(accountId: string, where: { source: "account" } | { cardId: string }): Promise<string[]> {
  const scope = "source" in where ? eq(providerStatements.source, "account") : eq(providerStatements.cardId, where.cardId);
  const rows = await database.db().select({ id: providerStatements.providerLogId }).from(providerStatements).where(and(eq(providerStatements.providerAccountId, accountId), scope));
  return rows.map((row) => row.id).sort();
}

const cardIdOf = async (accountId: string, providerCardId: string) => (await findCardByProviderId(database.db(), { providerAccountId: accountId, providerCardId }))!.id;
const health = (accountId: string) => findSyncHealth(database.db(), { providerAccountId: accountId, kind: "statements" });

/** Runs the sync until it reads every ledger to its end; `between` runs after each unfinished run. */
async function syncUntilRead(accountId: string, options: StatementSyncOptions, between?: () => Promise<void>): Promise<StatementSyncResult[]> {
  const results: StatementSyncResult[] = [];
  for (let run = 0; run < 60; run += 1) {
    const result = await syncAccountStatements(database.db(), accountId, options);
    results.push(result);
    if (result.ok) return results;
    await between?.();
  }
  throw new Error(`still unfinished after 60 runs: ${JSON.stringify(results.at(-1))}`);
}

async function nobepayTopUp(orderNo: string): Promise<void> {
  const provider = await providerForAccount(database.db(), accountIds.nobepay!);
  await provider.topUp({ customerOrderNo: orderNo, cardId: NOBEPAY_CARD, amount: parseMoney("1.00", "USD") });
  // NobePay's history lines carry millisecond times, which name them: two in one millisecond would be one line.
  await new Promise((resolve) => setTimeout(resolve, 5));
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  await syncAllCards(database.db());
  let organizationId = "";
  for (const account of await listProviderAccounts(database.db())) {
    accountIds[account.provider] = account.id;
    organizationId = account.organizationId;
  }
  for (const [providerCardId, cardModel] of [[SHARE, "sharebalance"], [STANDARD, "standard"]] as const) {
    await insertCard(database.db(), { organizationId, providerAccountId: accountIds.cardepass!, providerCardId, cardModel, alias: providerCardId, currency: "USD", status: "active" });
  }
  // A card Cardhub still has and NobePay no longer knows ("卡片不存在" for its history).
  await insertCard(database.db(), { organizationId, providerAccountId: accountIds.nobepay!, providerCardId: UNKNOWN, cardModel: "prepaid", alias: "Gone card", currency: "USD", status: "active" });
});
afterAll(async () => {
  await sandbox?.close();
});

describe("a card its provider no longer knows", () => {
  it("is named in the account's statements error, and every other card's lines are stored", async () => {
    const result = await syncAccountStatements(database.db(), accountIds.nobepay!);
    const card = await cardIdOf(accountIds.nobepay!, NOBEPAY_CARD);
    expect(await storedLogIds(accountIds.nobepay!, { cardId: card })).toEqual(await providerLogIds(accountIds.nobepay!, NOBEPAY_CARD));
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining("Gone card") });
    expect(result.ok ? "" : result.message).toContain("卡片不存在");
    expect(await health(accountIds.nobepay!)).toMatchObject({ lastSuccessAt: null, lastError: expect.stringContaining(UNKNOWN) });
  });

  it("is skipped once it is marked missing at the provider, and the account counts as read", async () => {
    await updateCard(database.db(), await cardIdOf(accountIds.nobepay!, UNKNOWN), { providerMissingSince: new Date() });
    expect(await syncAccountStatements(database.db(), accountIds.nobepay!)).toMatchObject({ ok: true });
    expect((await health(accountIds.nobepay!)).lastSuccessAt).toBeInstanceOf(Date);
  });
});

describe("a ledger longer than one run reads", () => {
  it("Cardepass: the first read goes on over several runs while lines come in, and counts as read only at the end", async () => {
    const account = accountIds.cardepass!;
    const cap = { pageSize: 3, maxPages: 2 };
    expect((await providerLogIds(account)).length).toBeGreaterThan(12);
    let purchases = 0;
    // Each purchase puts new lines on top of the newest-first listing, shifting every page under it.
    const purchase = async () => {
      purchases += 1;
      const body = JSON.stringify({ provider: "cardepass", cardId: SHARE, amount: `1.0${purchases % 10}`, merchant: "Figma" });
      expect((await fetch(`${sandbox.url}/_sandbox/purchase`, { method: "POST", headers: { "content-type": "application/json" }, body })).status).toBe(200);
    };

    const first = await syncAccountStatements(database.db(), account, cap);
    expect(first).toMatchObject({ ok: false, message: expect.stringContaining("more lines than one run reads") });
    expect(await health(account)).toMatchObject({ lastSuccessAt: null });
    await purchase();
    const runs = await syncUntilRead(account, cap, purchase);
    expect(runs.length).toBeGreaterThan(2);
    expect((await health(account)).lastSuccessAt).toBeInstanceOf(Date);

    // Lines that came in on top during the walk come with the next walk, which starts from the top again.
    await syncUntilRead(account, cap);
    expect(await storedLogIds(account, { source: "account" })).toEqual(await providerLogIds(account));
  });

  it("NobePay: lines beyond the cap after the last read are read on before the account's mark moves", async () => {
    const account = accountIds.nobepay!;
    const card = await cardIdOf(account, NOBEPAY_CARD);
    const before = (await health(account)).lastSuccessAt!;
    for (let i = 0; i < 6; i += 1) await nobepayTopUp(`walk-nb-${i}`);

    const cap = { pageSize: 1, maxPages: 3 };
    const first = await syncAccountStatements(database.db(), account, cap);
    expect(first).toMatchObject({ ok: false, message: expect.stringContaining("more lines than one run reads") });
    expect((await health(account)).lastSuccessAt).toEqual(before);
    let more = 0;
    await syncUntilRead(account, cap, () => nobepayTopUp(`walk-nb-more-${(more += 1)}`));
    expect((await health(account)).lastSuccessAt!.getTime()).toBeGreaterThan(before.getTime());

    await syncUntilRead(account, cap);
    expect(await storedLogIds(account, { cardId: card })).toEqual(await providerLogIds(account, NOBEPAY_CARD));
  });
});
