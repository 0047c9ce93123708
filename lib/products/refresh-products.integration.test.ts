import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { listSyncHealth } from "@/db/queries/provider-sync-status";
import { seedDemo } from "@/db/seed";
import { SYNC_STOPPED_INSIDE_CARDHUB } from "@/lib/provider-accounts/sync-failure-text";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { whileInsertsRefused } from "@/test/refused-inserts";
import { PRODUCTS_SYNC, refreshAllProducts } from "./refresh-products";

const database = withTestDatabase();
let sandbox: RunningSandbox;
let accountId = "";
let organizationId = "";
const healthOf = async () => (await listSyncHealth(database.db(), { organizationId, kind: PRODUCTS_SYNC })).get(accountId)!;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  const account = (await listProviderAccounts(database.db())).find((candidate) => candidate.provider === "cardopenapi")!;
  accountId = account.id;
  organizationId = account.organizationId;
});
afterAll(async () => {
  await sandbox?.close();
});

describe("products refresh health", () => {
  it("records a failed refresh with the provider's answer, on the account, until a refresh succeeds", async () => {
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: "POST", body: JSON.stringify({ provider: "cardopenapi", failNext: 50, failStatus: 500 }) });
    try {
      const summary = await refreshAllProducts(database.db(), { accountId });
      expect(summary.failed.map((failure) => failure.accountId)).toEqual([accountId]);
    } finally {
      await fetch(`${sandbox.url}/_sandbox/faults?provider=cardopenapi`, { method: "DELETE" });
    }
    const failed = await healthOf();
    expect(failed.lastErrorAt).toBeInstanceOf(Date);
    expect(failed.lastError).toMatch(/\S/);
    expect(failed.lastSuccessAt).toBeNull();

    expect((await refreshAllProducts(database.db(), { accountId })).failed).toEqual([]);
    const healthy = await healthOf();
    expect(healthy.lastSuccessAt!.getTime()).toBeGreaterThan(failed.lastErrorAt!.getTime());
  });
});

describe("a products refresh that fails inside Cardhub", () => {
  it("records the clean sentence, not the database's words about the row, and the log names the error", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    let summary: Awaited<ReturnType<typeof refreshAllProducts>>;
    let logged: string[] = [];
    try {
      summary = await whileInsertsRefused(database.db(), "products", "product row of Grace Hopper refused", () => refreshAllProducts(database.db(), { accountId }));
      logged = warn.mock.calls.map((call) => call.join(" ")).filter((line) => line.startsWith("[products]"));
    } finally {
      warn.mockRestore();
    }
    expect(summary.failed).toEqual([{ accountId, label: expect.any(String), message: SYNC_STOPPED_INSIDE_CARDHUB }]);
    const health = await healthOf();
    expect(health.lastError).not.toMatch(/Grace Hopper|Failed query|params:/);
    expect(health.lastError).toBe(SYNC_STOPPED_INSIDE_CARDHUB);
    expect(logged).toEqual([expect.stringContaining("refused")]);
  });
});
