import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { findCardByProviderId, insertCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findSyncHealth } from "@/db/queries/provider-sync-status";
import { listStatements } from "@/db/queries/statements";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { providerStatements } from "@/db/schema/provider-statements";
import { providerSyncStatus } from "@/db/schema/provider-sync-status";
import { seedDemo } from "@/db/seed";
import { syncAllCards } from "@/lib/cards/sync-account-cards";
import { parseMoney } from "@/lib/money";
import { SYNC_STOPPED_INSIDE_CARDHUB } from "@/lib/provider-accounts/sync-failure-text";
import { eventually } from "@/lib/providers/integration-support";
import { providerForAccount } from "@/lib/providers/for-account";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { whileInsertsRefused } from "@/test/refused-inserts";
import { syncAccountStatements, syncAllStatements, type StatementSyncResult } from "./sync-statements";

const database = withTestDatabase();
let sandbox: RunningSandbox;
let sandboxV2: RunningSandbox;
let organizationId = "";
const accountIds: Record<string, string> = {};
const usd = (v: string) => parseMoney(v, "USD");
const SHARE = "66a0c0de0000000000000001";
const STANDARD = "66a0c0de0000000000000003";
const NOBEPAY_CARD = "c_8f3a1c0e5b7d4a2f0001";

const purchase = async (url: string, provider: string, cardId: string, amount: string) => {
  const response = await fetch(`${url}/_sandbox/purchase`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ provider, cardId, amount, merchant: "Figma" }) });
  expect(response.status).toBe(200);
};

const stored = (accountId: string) => database.db().select().from(providerStatements).where(eq(providerStatements.providerAccountId, accountId));

async function topUpStandard(accountId: string, orderNo: string): Promise<void> {
  const provider = await providerForAccount(database.db(), accountId);
  const order = await provider.topUp({ customerOrderNo: orderNo, cardId: STANDARD, model: "standard", amount: usd("2.00") });
  await eventually(async () => {
    const o = await provider.getOrder({ type: order.type, model: "standard", customerOrderNo: orderNo });
    return o.status === "pending" ? undefined : o;
  });
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  sandboxV2 = await startSandbox({ port: 0, quiet: true, cardepassVersion: "v2" });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  await syncAllCards(database.db());
  for (const account of await listProviderAccounts(database.db())) {
    accountIds[account.provider] = account.id;
    organizationId = account.organizationId;
  }
  // Cardepass has no card list to import from: its cards are known here once issued through the app.
  for (const [providerCardId, cardModel] of [[SHARE, "sharebalance"], [STANDARD, "standard"]] as const) {
    await insertCard(database.db(), { organizationId, providerAccountId: accountIds.cardepass!, providerCardId, cardModel, alias: providerCardId, currency: "USD", status: "active" });
  }
});
afterAll(async () => {
  await sandbox?.close();
  await sandboxV2?.close();
});

describe.each(["v1", "v2"] as const)("Cardepass %s statements", (version) => {
  beforeAll(async () => {
    if (version === "v2") {
      // providerForAccount keeps an adapter per account until updated_at changes. The account follows the v2 document
      // now, so its requests are v2's (the v2 sandbox refuses v1's topUpAmount).
      await database.db().update(providerAccounts).set({ baseUrl: `${sandboxV2.url}/cardepass/openapi`, settings: { apiVersion: "v2" }, updatedAt: new Date() }).where(eq(providerAccounts.id, accountIds.cardepass!));
      // Another sandbox is another ledger: the v1 lines would not chain with it.
      await database.db().delete(providerStatements).where(eq(providerStatements.providerAccountId, accountIds.cardepass!));
    }
  });

  it("stores the funding account's lines with their sign and running balances, and each card's lines with every fee item", async () => {
    const url = version === "v1" ? sandbox.url : sandboxV2.url;
    await purchase(url, "cardepass", SHARE, "12.34");
    await topUpStandard(accountIds.cardepass!, `stm-${version}-topup`);

    const result = await syncAccountStatements(database.db(), accountIds.cardepass!, { full: true });
    expect(result).toEqual({ ok: true, lines: expect.any(Number) });
    const rows = (await stored(accountIds.cardepass!)).filter((row) => row.syncedAt.getTime() >= Date.now() - 60_000);

    // accountLogs: "transAmount 分正负号" — an AuthBlock takes money out of available, written negative; the running
    // balances "调整后可用余额 / 调整后冻结余额" are kept, and the card is linked.
    const block = rows.find((row) => row.source === "account" && row.type === "AuthBlock" && row.amount === -1234n);
    expect(block).toBeDefined();
    expect(block!.availableAfter).not.toBeNull();
    expect(block!.blockedAfter).not.toBeNull();
    expect(block!.blockedAfter!).toBeGreaterThanOrEqual(1234n);
    const shareCard = await findCardByProviderId(database.db(), { providerAccountId: accountIds.cardepass!, providerCardId: SHARE });
    expect(block!.cardId).toBe(shareCard!.id);

    // Consecutive funding lines chain, in the provider's own order (kept as the stored id order): previous available +
    // movement = next available.
    const accountLines = (await stored(accountIds.cardepass!)).filter((row) => row.source === "account").sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(accountLines.length).toBeGreaterThan(1);
    for (let i = 1; i < accountLines.length; i += 1) {
      const [before, line] = [accountLines[i - 1]!, accountLines[i]!];
      expect(before.availableAfter! + line.amount, `${line.type} ${line.providerLogId}`).toBe(line.availableAfter);
    }

    // cardAccountLogs: the top-up with its fee items kept one by one.
    const standardCard = await findCardByProviderId(database.db(), { providerAccountId: accountIds.cardepass!, providerCardId: STANDARD });
    const topUps = rows.filter((row) => row.source === "card" && row.cardId === standardCard!.id && row.type === "CardTopUp" && row.amount === 200n);
    expect(topUps.length).toBeGreaterThanOrEqual(1);
    const topUp = topUps.at(-1)!;
    expect(topUp.feeItems.length).toBeGreaterThanOrEqual(1);
    expect(topUp.feeItems.reduce((sum, item) => sum + BigInt(item.amount), 0n)).toBe(topUp.fee);
    expect(topUp.total).toBe(topUp.amount + topUp.fee!);

    const [health] = await database
      .db()
      .select()
      .from(providerSyncStatus)
      .where(and(eq(providerSyncStatus.providerAccountId, accountIds.cardepass!), eq(providerSyncStatus.kind, "statements")));
    expect(health?.lastSuccessAt).toBeInstanceOf(Date);
  });

  it("signs a card withdrawal out of the card's balance, and a card's statement lists one ledger at a time", async () => {
    const provider = await providerForAccount(database.db(), accountIds.cardepass!);
    const orderNo = `stm-${version}-withdraw`;
    const order = await provider.withdraw({ customerOrderNo: orderNo, cardId: STANDARD, model: "standard", amount: usd("1.00") });
    await eventually(async () => {
      const o = await provider.getOrder({ type: order.type, model: "standard", customerOrderNo: orderNo });
      return o.status === "pending" ? undefined : o;
    });
    expect(await syncAccountStatements(database.db(), accountIds.cardepass!, { full: true })).toMatchObject({ ok: true });
    const card = await findCardByProviderId(database.db(), { providerAccountId: accountIds.cardepass!, providerCardId: STANDARD });
    const own = (await listStatements(database.db(), { filter: { cardId: card!.id, source: "card" }, limit: 500 })).rows;
    expect(own.every((row) => row.source === "card")).toBe(true);
    // The provider writes the withdrawal "BalanceRefund", "fundsDirection": "Income", transAmount +1: out of the card here.
    expect(own.find((row) => row.type === "BalanceRefund")).toMatchObject({ amount: -100n, total: -110n, direction: "in" });
    expect(own.filter((row) => row.type === "BalanceRefund" || row.type === "CardCancel").every((row) => row.amount < 0n)).toBe(true);
    expect(own.filter((row) => row.type === "CardTopUp" || row.type === "ApplyCard").every((row) => row.amount > 0n)).toBe(true);
    const accountSide = (await listStatements(database.db(), { filter: { cardId: card!.id, source: "account" }, limit: 500 })).rows;
    expect(accountSide.length).toBeGreaterThan(0);
    expect(accountSide.every((row) => row.source === "account")).toBe(true);
    expect(accountSide.find((row) => row.type === "CardWithdraw")).toMatchObject({ amount: 100n });
  });

  it("reading again stores each line once", async () => {
    const before = (await stored(accountIds.cardepass!)).length;
    expect(await syncAccountStatements(database.db(), accountIds.cardepass!, { full: true })).toMatchObject({ ok: true });
    expect((await stored(accountIds.cardepass!)).length).toBe(before);
  });
});

describe("NobePay statements", () => {
  it("stores each card's operation history (card/order/list), linked to the card", async () => {
    const provider = await providerForAccount(database.db(), accountIds.nobepay!);
    await provider.topUp({ customerOrderNo: "stm-nb-topup", cardId: NOBEPAY_CARD, amount: usd("3.21") });
    expect(await syncAccountStatements(database.db(), accountIds.nobepay!)).toMatchObject({ ok: true });
    const card = await findCardByProviderId(database.db(), { providerAccountId: accountIds.nobepay!, providerCardId: NOBEPAY_CARD });
    const { rows } = await listStatements(database.db(), { filter: { cardId: card!.id, source: "card" } });
    expect(rows.find((row) => row.type === "TOPUP_CARD" && row.amount === 321n)).toMatchObject({ source: "card", currency: "USD", availableAfter: null });
    expect(rows.every((row) => row.providerAccountId === accountIds.nobepay)).toBe(true);
  });
  it("reads a card it has no lines for in full, even after the account's last successful read", async () => {
    const card = await findCardByProviderId(database.db(), { providerAccountId: accountIds.nobepay!, providerCardId: NOBEPAY_CARD });
    const before = (await listStatements(database.db(), { filter: { cardId: card!.id, source: "card" }, limit: 500 })).rows.map((row) => row.providerLogId).sort();
    expect(before.length).toBeGreaterThan(0);
    // A last success far ahead: an incremental read would ask only from then on and find nothing.
    await database.db().update(providerSyncStatus).set({ lastSuccessAt: new Date("2030-01-01T00:00:00Z") }).where(and(eq(providerSyncStatus.providerAccountId, accountIds.nobepay!), eq(providerSyncStatus.kind, "statements")));
    await database.db().delete(providerStatements).where(eq(providerStatements.cardId, card!.id));
    expect(await syncAccountStatements(database.db(), accountIds.nobepay!)).toMatchObject({ ok: true });
    const after = (await listStatements(database.db(), { filter: { cardId: card!.id, source: "card" }, limit: 500 })).rows.map((row) => row.providerLogId).sort();
    expect(after).toEqual(before);
  });
});

describe("every account", () => {
  it("syncs all three providers; Card OPEN-API, which has no statement, is recorded as read with nothing", async () => {
    const summary = await syncAllStatements(database.db(), { organizationId });
    expect(summary.failed).toEqual([]);
    expect(summary.synced).toBe(3);
    expect(await stored(accountIds.cardopenapi!)).toEqual([]);
  });

  it("a provider failure is recorded as the account's last statements error and keeps what was stored", async () => {
    const before = (await stored(accountIds.nobepay!)).length;
    await database.db().update(providerAccounts).set({ baseUrl: "http://127.0.0.1:9/nobepay", updatedAt: new Date() }).where(eq(providerAccounts.id, accountIds.nobepay!));
    const result = await syncAccountStatements(database.db(), accountIds.nobepay!);
    expect(result.ok).toBe(false);
    // What the account's statement section shows: the failure after the last success, in the provider's words.
    const health = await findSyncHealth(database.db(), { providerAccountId: accountIds.nobepay!, kind: "statements" });
    expect(health.lastError).toBeTruthy();
    expect(health.lastErrorAt!.getTime()).toBeGreaterThan(health.lastSuccessAt!.getTime());
    expect((await stored(accountIds.nobepay!)).length).toBe(before);
  });
});

describe("a statements read that fails inside Cardhub", () => {
  /** The `[statements]` lines logged while `work` runs. */
  async function loggedWhile<T>(work: () => Promise<T>): Promise<{ value: T; logged: string[] }> {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const value = await work();
      return { value, logged: warn.mock.calls.map((call) => call.join(" ")).filter((line) => line.startsWith("[statements]")) };
    } finally {
      warn.mockRestore();
    }
  }
  const statusOf = (accountId: string) => findSyncHealth(database.db(), { providerAccountId: accountId, kind: "statements" });

  it("records the clean sentence when the database refuses the lines, not its words about them, and the log names the error", async () => {
    const accountId = accountIds.cardepass!;
    const { value: result, logged } = await loggedWhile(() =>
      whileInsertsRefused(database.db(), "provider_statements", "statement line of Grace Hopper refused", () => syncAccountStatements(database.db(), accountId, { full: true })),
    );
    expect(result).toMatchObject({ ok: false, message: SYNC_STOPPED_INSIDE_CARDHUB });
    const status = await statusOf(accountId);
    expect(status.lastError).not.toMatch(/Grace Hopper|Failed query|params:/);
    expect(status.lastError).toBe(SYNC_STOPPED_INSIDE_CARDHUB);
    expect(logged).toEqual([expect.stringContaining("refused")]);
  });

  it("names a ledger whose read failed inside Cardhub without that error's words", async () => {
    const accountId = accountIds.cardepass!;
    // The account's adapter (one per account, lib/providers/for-account) fails the way a bug in reading an answer would.
    const provider = await providerForAccount(database.db(), accountId);
    const read = vi.spyOn(provider, "accountLogs").mockRejectedValue(new TypeError("Cannot read the line of Grace Hopper (4111111111111111)"));
    let outcome: { value: StatementSyncResult; logged: string[] };
    try {
      outcome = await loggedWhile(() => syncAccountStatements(database.db(), accountId));
    } finally {
      read.mockRestore();
    }
    expect(outcome.value.ok).toBe(false);
    const status = await statusOf(accountId);
    expect(status.lastError).not.toMatch(/Grace Hopper|4111|Cannot read/);
    expect(status.lastError).toMatch(/^[^:]+: an error inside Cardhub \(Cardhub's log names it\)$/);
    expect(outcome.logged).toEqual([expect.stringContaining("Cannot read the line")]);
  });
});
