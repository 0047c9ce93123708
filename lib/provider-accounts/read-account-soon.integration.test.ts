import { eq } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listProducts } from "@/db/queries/products";
import { findSyncHealth } from "@/db/queries/provider-sync-status";
import { listStatements } from "@/db/queries/statements";
import { fundingBalances } from "@/db/schema/funding-balances";
import { organizations } from "@/db/schema/organizations";
import { seedDemo } from "@/db/seed";
import { createBoss } from "@/lib/jobs/boss";
import { refreshFundingJob } from "@/lib/jobs/refresh-funding-job";
import { refreshProductsJob } from "@/lib/jobs/refresh-products-job";
import { syncStatementsJob } from "@/lib/jobs/sync-statements-job";
import { eventually } from "@/lib/providers/integration-support";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { connectProviderAccount } from "./connect-account";
import { readAccountSoon } from "./read-account-soon";

const database = withTestDatabase();
let sandbox: RunningSandbox;
let sandboxV2: RunningSandbox;
let boss: PgBoss;
let organizationId = "";
const context = { organizationId: null, actorUserId: null, actorEmail: "cli:operator", actorRoles: ["operator"], ip: null, userAgent: "vitest" };

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  sandboxV2 = await startSandbox({ port: 0, quiet: true, cardepassVersion: "v2" });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  organizationId = (await database.db().select().from(organizations).limit(1))[0]!.id;
  // A worker of only these jobs, scheduling nothing and sending nothing at start: whatever reads the new account
  // below was sent for it on connecting.
  boss = createBoss(database.url(), { schedule: false });
  await boss.start();
  for (const job of [syncStatementsJob, refreshFundingJob, refreshProductsJob]) {
    await boss.createQueue(job.name, { name: job.name, retryLimit: 0 });
    await boss.work(job.name, { pollingIntervalSeconds: 0.5 }, async ([item]) => job.run(item!.data as object, database.db()));
  }
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  const webQueue = await (globalThis as { __cardhubQueue?: Promise<PgBoss> }).__cardhubQueue;
  await webQueue?.stop({ graceful: false, wait: true });
  await sandbox?.close();
  await sandboxV2?.close();
});

describe("a newly connected account", () => {
  it("has its funding balances and statement read at once, not at the next scheduled run (a v2 Cardepass account)", async () => {
    const { id } = await connectProviderAccount(database.db(), { ...context, organizationId }, {
      organizationId,
      provider: "cardepass",
      label: "Cardepass v2 second",
      baseUrl: `${sandboxV2.url}/cardepass/openapi`,
      credentials: { clientId: "sandbox-client", clientSecret: "sandbox-secret" },
    });
    expect(await findSyncHealth(database.db(), { providerAccountId: id, kind: "statements" })).toMatchObject({ lastSuccessAt: null });

    await readAccountSoon(id);

    const health = await eventually(async () => {
      const statements = await findSyncHealth(database.db(), { providerAccountId: id, kind: "statements" });
      return statements.lastSuccessAt || statements.lastErrorAt ? statements : undefined;
    }, 15_000, 100);
    expect(health).toMatchObject({ lastSuccessAt: expect.any(Date), lastError: null });
    // The v2 funding account's own ledger (accountLogs) is there, signed as written.
    const { rows } = await listStatements(database.db(), { filter: { providerAccountId: id } });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.source === "account" && row.providerAccountId === id)).toBe(true);
    const balances = await eventually(async () => {
      const found = await database.db().select().from(fundingBalances).where(eq(fundingBalances.providerAccountId, id));
      return found.length > 0 ? found : undefined;
    }, 15_000, 100);
    expect(balances[0]).toMatchObject({ currency: "USD" });
  });

  it("has its products read at once, and only its own: finance can issue from it without pressing Refresh", async () => {
    const { id } = await connectProviderAccount(database.db(), { ...context, organizationId }, {
      organizationId,
      provider: "nobepay",
      label: "NobePay second",
      baseUrl: `${sandboxV2.url}/nobepay`,
      credentials: { appKey: "sandbox-key", appSecret: "sandbox-secret" },
    });
    expect(await listProducts(database.db(), { organizationId, accountId: id })).toEqual([]);

    await readAccountSoon(id);

    const health = await eventually(async () => {
      const found = await findSyncHealth(database.db(), { providerAccountId: id, kind: "products" });
      return found.lastSuccessAt || found.lastErrorAt ? found : undefined;
    }, 15_000, 100);
    expect(health).toMatchObject({ lastSuccessAt: expect.any(Date), lastError: null });
    const products = await listProducts(database.db(), { organizationId, accountId: id });
    expect(products.length).toBeGreaterThan(0);
    // The refresh was for the connected accounts alone: the demo seed's, never connected here, still have none.
    const all = await listProducts(database.db(), { organizationId });
    expect(all.filter((product) => product.accountLabel.endsWith(" sandbox"))).toEqual([]);
  });
});
