import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findSyncHealth } from "@/db/queries/statements";
import { seedDemo } from "@/db/seed";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { PRODUCTS_SYNC, refreshAllProducts } from "./refresh-products";

const database = withTestDatabase();
let sandbox: RunningSandbox;
let accountId = "";

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  accountId = (await listProviderAccounts(database.db())).find((account) => account.provider === "cardopenapi")!.id;
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
    const failed = await findSyncHealth(database.db(), { providerAccountId: accountId, kind: PRODUCTS_SYNC });
    expect(failed.lastErrorAt).toBeInstanceOf(Date);
    expect(failed.lastError).toMatch(/\S/);
    expect(failed.lastSuccessAt).toBeNull();

    expect((await refreshAllProducts(database.db(), { accountId })).failed).toEqual([]);
    const healthy = await findSyncHealth(database.db(), { providerAccountId: accountId, kind: PRODUCTS_SYNC });
    expect(healthy.lastSuccessAt!.getTime()).toBeGreaterThan(failed.lastErrorAt!.getTime());
  });
});
