import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { listSyncHealth } from "@/db/queries/provider-sync-status";
import { seedDemo } from "@/db/seed";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
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
