import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { listAccountFunding } from "@/db/queries/funding";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { fundingBalanceHistory } from "@/db/schema/funding-balances";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { seedDemo } from "@/db/seed";
import { SYNC_STOPPED_INSIDE_CARDHUB } from "@/lib/provider-accounts/sync-failure-text";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { whileInsertsRefused } from "@/test/refused-inserts";
import { refreshAccountFunding, refreshAllFunding } from "./refresh-funding";

const database = withTestDatabase();
let sandbox: RunningSandbox;
let sandboxV2: RunningSandbox;
let organizationId = "";
const accountIds: Record<string, string> = {};

type SandboxState = {
  cardepass: { funding: { currency: string; available: string; blocked: string } };
  nobepay: { segments: { vid: string; balance: string }[] };
  cardopenapi: { wallet: { currency: string; balance: string } };
};

const minor = (decimal: string) => BigInt(decimal.replace(".", ""));
const state = async (url: string) => (await (await fetch(`${url}/_sandbox/state`)).json()) as SandboxState;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  sandboxV2 = await startSandbox({ port: 0, quiet: true, cardepassVersion: "v2" });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  for (const account of await listProviderAccounts(database.db())) {
    accountIds[account.provider] = account.id;
    organizationId = account.organizationId;
  }
});
afterAll(async () => {
  await sandbox?.close();
  await sandboxV2?.close();
});

const fundingOf = async (provider: string) => (await listAccountFunding(database.db(), { organizationId })).find((account) => account.accountId === accountIds[provider])!;

describe("funding balances", () => {
  it("reads every account's balances from its provider, exactly as the provider states them", async () => {
    const summary = await refreshAllFunding(database.db(), { organizationId });
    expect(summary).toEqual({ refreshed: 3, failed: [] });
    const expected = await state(sandbox.url);

    const cardepass = await fundingOf("cardepass");
    expect(cardepass.lastSuccessAt).toBeInstanceOf(Date);
    // The v1 document's accounts are an array, one per currency (its example lists HKD beside USD).
    expect(cardepass.balances).toEqual([
      expect.objectContaining({ scope: "", currency: "HKD", available: 0n, frozen: null, total: null }),
      expect.objectContaining({ scope: "", currency: "USD", available: minor(expected.cardepass.funding.available), frozen: null, total: null }),
    ]);

    // Every NobePay segment, also the one whose accountBalance is null (the document: "accountBalance可能为null").
    const nobepay = await fundingOf("nobepay");
    expect(nobepay.balances.map((balance) => balance.scope).sort()).toEqual(expected.nobepay.segments.map((segment) => segment.vid).sort());
    const travel = nobepay.balances.find((balance) => balance.scope === "v_93de10")!;
    expect(travel).toMatchObject({ currency: "USD", available: null, label: expect.stringContaining("404038") });
    const advertising = nobepay.balances.find((balance) => balance.scope === "v_5bc814")!;
    expect(advertising.available).toBe(minor(expected.nobepay.segments.find((segment) => segment.vid === "v_5bc814")!.balance));

    const cardopenapi = await fundingOf("cardopenapi");
    expect(cardopenapi.balances).toEqual([expect.objectContaining({ currency: expected.cardopenapi.wallet.currency, available: minor(expected.cardopenapi.wallet.balance) })]);
  });

  it("reads the v2 Cardepass document's object with available, frozen and total", async () => {
    await database.db().update(providerAccounts).set({ baseUrl: `${sandboxV2.url}/cardepass/openapi`, updatedAt: new Date() }).where(eq(providerAccounts.id, accountIds.cardepass!));
    expect(await refreshAccountFunding(database.db(), accountIds.cardepass!)).toMatchObject({ ok: true });
    const expected = await state(sandboxV2.url);
    const balance = (await fundingOf("cardepass")).balances.find((reading) => reading.currency === "USD");
    expect(balance).toMatchObject({ currency: "USD", available: minor(expected.cardepass.funding.available), frozen: minor(expected.cardepass.funding.blocked) });
    expect(balance!.total).toBe(balance!.available! + balance!.frozen!);
  });

  it("keeps every reading in the history", async () => {
    const before = await database.db().select().from(fundingBalanceHistory).where(eq(fundingBalanceHistory.providerAccountId, accountIds.cardopenapi!));
    await refreshAccountFunding(database.db(), accountIds.cardopenapi!);
    const after = await database.db().select().from(fundingBalanceHistory).where(eq(fundingBalanceHistory.providerAccountId, accountIds.cardopenapi!));
    expect(after.length).toBe(before.length + 1);
  });

  it("keeps the last known balances when a refresh fails, and records the provider's answer", async () => {
    const before = await fundingOf("cardopenapi");
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: "POST", body: JSON.stringify({ provider: "cardopenapi", failNext: 20, failStatus: 500 }) });
    try {
      const result = await refreshAccountFunding(database.db(), accountIds.cardopenapi!);
      expect(result.ok).toBe(false);
    } finally {
      await fetch(`${sandbox.url}/_sandbox/faults?provider=cardopenapi`, { method: "DELETE" });
    }
    const after = await fundingOf("cardopenapi");
    expect(after.balances).toEqual(before.balances);
    expect(after.lastSuccessAt).toEqual(before.lastSuccessAt);
    expect(after.lastErrorAt!.getTime()).toBeGreaterThan(before.lastSuccessAt!.getTime());
    expect(after.lastError).toMatch(/\S/);
  });
  it("a slower refresh asked earlier does not put its older reading back over a newer one", async () => {
    const fault = (body: object) => fetch(`${sandbox.url}/_sandbox/faults`, { method: "POST", body: JSON.stringify({ provider: "cardopenapi", ...body }) });
    await fault({ latencyMs: 1_500 });
    let slow: Promise<unknown>;
    try {
      slow = refreshAccountFunding(database.db(), accountIds.cardopenapi!);
      await new Promise((resolve) => setTimeout(resolve, 300)); // its call is at the provider, held there
    } finally {
      await fetch(`${sandbox.url}/_sandbox/faults?provider=cardopenapi`, { method: "DELETE" });
    }
    const startedFast = new Date();
    expect(await refreshAccountFunding(database.db(), accountIds.cardopenapi!)).toMatchObject({ ok: true });
    const fast = await fundingOf("cardopenapi");
    expect(fast.lastSuccessAt!.getTime()).toBeGreaterThanOrEqual(startedFast.getTime());
    await slow;
    const after = await fundingOf("cardopenapi");
    expect(after.lastSuccessAt).toEqual(fast.lastSuccessAt);
    expect(after.balances.map((balance) => balance.refreshedAt)).toEqual(fast.balances.map((balance) => balance.refreshedAt));
  });
});

describe("a refresh that fails inside Cardhub", () => {
  it("records the clean sentence, not the database's words about the row, and the log names the error", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    let result: Awaited<ReturnType<typeof refreshAccountFunding>>;
    let logged: string[] = [];
    try {
      result = await whileInsertsRefused(database.db(), "funding_balances", "balance row of Grace Hopper refused", () => refreshAccountFunding(database.db(), accountIds.cardopenapi!));
      logged = warn.mock.calls.map((call) => call.join(" ")).filter((line) => line.startsWith("[funding]"));
    } finally {
      warn.mockRestore();
    }
    expect(result).toEqual({ ok: false, message: SYNC_STOPPED_INSIDE_CARDHUB });
    const funding = await fundingOf("cardopenapi");
    expect(funding.lastError).not.toMatch(/Grace Hopper|Failed query|params:/);
    expect(funding.lastError).toBe(SYNC_STOPPED_INSIDE_CARDHUB);
    expect(logged).toEqual([expect.stringContaining("refused")]);
  });
});
