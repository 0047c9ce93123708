import { sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { organizations } from "@/db/schema/organizations";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { storedWebhookSecret } from "@/lib/provider-accounts/webhook-secret";
import { transactionSyncStates } from "@/db/schema/transactions";
import { userRoles, users } from "@/db/schema/users";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { createBoss } from "@/lib/jobs/boss";
import { createJobQueue } from "@/lib/jobs/job-queue";
import { SYNC_TRANSACTIONS, syncTransactionsJob } from "@/lib/jobs/sync-transactions-job";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));

const { syncTransactionsNowAction } = await import("./sync-transactions-now");

const database = withTestDatabase();
const db = () => database.db();
let boss: PgBoss;
let otherOrganizationId = "";
let otherActiveAccountId = "";

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  const [other] = await db().insert(organizations).values({ name: "Other Co" }).returning();
  otherOrganizationId = other!.id;
  const [stranger] = await db()
    .insert(users)
    .values({ organizationId: other!.id, email: "stranger@other.test", name: "Stranger", passwordHash: "x" })
    .returning();
  await db().insert(userRoles).values({ userId: stranger!.id, role: "employee" });
  const accounts = await db()
    .insert(providerAccounts)
    .values(
      [true, false].map((active) => ({
        organizationId: other!.id,
        provider: "nobepay" as const,
        label: active ? "Other NobePay" : "Other NobePay (disconnected)",
        baseUrl: "http://127.0.0.1:9",
        credentialsEncrypted: "x",
        ...storedWebhookSecret(`other-secret-${active}-0123456789`),
        active,
      })),
    )
    .returning();
  otherActiveAccountId = accounts.find((account) => account.active)!.id;
  // The queue as the worker makes it, and nobody working it: what the action sends stays there to be counted.
  boss = createBoss(database.url(), { schedule: false, supervise: false });
  await boss.start();
  await createJobQueue(boss, syncTransactionsJob);
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  const webQueue = await (globalThis as { __cardhubQueue?: Promise<PgBoss> }).__cardhubQueue;
  await webQueue?.stop({ graceful: false, wait: true });
});

async function queuedSyncs() {
  const { rows } = await db().execute(
    sql`select data, singleton_key from pgboss.job where name = ${SYNC_TRANSACTIONS} order by created_on`,
  );
  return rows as { data: unknown; singleton_key: string | null }[];
}

async function syncNowAs(email: string) {
  session.user = await sessionUserFor(db(), email);
  return syncTransactionsNowAction({});
}

describe("sync transactions now", () => {
  it("refuses a caller without transaction.view and queues nothing", async () => {
    session.user = { ...(await sessionUserFor(db(), "employee@demo.test")), roles: [] };
    expect(await syncTransactionsNowAction({})).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await queuedSyncs()).toEqual([]);
  });

  it("queues a pull of the caller's organisation only, and once per organisation however often it is asked", async () => {
    const employee = await sessionUserFor(db(), "employee@demo.test");
    expect(await syncNowAs("employee@demo.test")).toEqual({ ok: true, data: { queued: true } });
    expect(await syncNowAs("manager@demo.test")).toEqual({ ok: true, data: { queued: true } });
    expect(await queuedSyncs()).toEqual([
      { data: { organizationId: employee.organizationId }, singleton_key: expect.any(String) },
    ]);

    // Another organisation's caller is not folded into the first one's pull.
    expect(await syncNowAs("stranger@other.test")).toEqual({ ok: true, data: { queued: true } });
    const queued = await queuedSyncs();
    expect(queued.map((job) => job.data)).toEqual([
      { organizationId: employee.organizationId },
      { organizationId: otherOrganizationId },
    ]);
    expect(queued[0]!.singleton_key).not.toBe(queued[1]!.singleton_key);
  });

  it("the queued job pulls that organisation's active accounts and nothing else", async () => {
    const before = await db()
      .select({ id: transactionSyncStates.providerAccountId })
      .from(transactionSyncStates);
    expect(before).toEqual([]);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      await syncTransactionsJob.run({ organizationId: otherOrganizationId }, db());
    } finally {
      warn.mockRestore();
    }
    const touched = await db()
      .select({ id: transactionSyncStates.providerAccountId })
      .from(transactionSyncStates);
    expect(touched).toEqual([{ id: otherActiveAccountId }]);
  });
});
