import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { insertCard, updateCard } from "@/db/queries/card-updates";
import { findProviderAccount, listProviderAccounts } from "@/db/queries/provider-accounts";
import { insertOrder, updateOrder } from "@/db/queries/provider-orders";
import { providerOrders } from "@/db/schema/provider-orders";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { decryptJson } from "@/lib/crypto";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import type { ProviderName } from "@/lib/providers";
import { issueCard } from "@/lib/cards/issue-card";
import { issueCardSchema } from "@/lib/cards/schemas";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { sandboxAlias } from "@/test/sandbox-alias";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { followOrderToEnd } from "@/test/follow-order";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const { editProviderAccountAction } = await import("@/lib/actions/provider-accounts/edit-provider-account");

const database = withTestDatabase();
const db = () => database.db();
// Two sandboxes stand for two provider accounts at two addresses. Both carry the same seeded world (the seeded cards
// exist at both); a card issued in this test exists only at the first.
let sandboxA: RunningSandbox;
let sandboxB: RunningSandbox;
const accounts = {} as Record<ProviderName, { id: string; baseUrl: string; organizationId: string }>;

beforeAll(async () => {
  sandboxA = await startSandbox({ port: 0, quiet: true, orderDelayMs: 40 });
  sandboxB = await startSandbox({ port: 0, quiet: true, orderDelayMs: 40 });
  await seedDemo(db(), { sandboxUrl: sandboxA.url });
  for (const account of await listProviderAccounts(db())) accounts[account.provider] = account;
  expect((await refreshAllProducts(db())).failed).toEqual([]);
});
afterAll(async () => {
  await sandboxA?.close();
  await sandboxB?.close();
});

async function asAdmin() {
  session.user = await sessionUserFor(db(), "admin@demo.test");
}

const followToEnd = async (orderId: string) => (await followOrderToEnd(db(), orderId));

describe("pointing an account at another address or identity", () => {
  it("moves an account without cards freely (after the ping)", async () => {
    await asAdmin();
    const account = accounts.cardepass;
    const moved = await editProviderAccountAction({
      accountId: account.id,
      label: "Cardepass sandbox",
      baseUrl: `${sandboxB.url}/cardepass/openapi`,
      credentials: { clientSecret: "sandbox-secret" },
    });
    expect(moved).toMatchObject({ ok: true });
    expect((await findProviderAccount(db(), account.id))!.baseUrl).toBe(`${sandboxB.url}/cardepass/openapi`);
  });

  it("refuses a new address or identity while an order of the account is open, on the field that changed", async () => {
    await asAdmin();
    const account = accounts.nobepay;
    const finance = await sessionUserFor(db(), "finance@demo.test");
    // A seeded card: the second sandbox knows it too, so only the open order stands in the way.
    const card = await insertCard(db(), {
      organizationId: account.organizationId,
      providerAccountId: account.id,
      providerCardId: "c_8f3a1c0e5b7d4a2f0001",
      cardModel: "prepaid",
      alias: "Ads",
      currency: "USD",
      status: "active",
      balance: 5_000n,
      lastSyncedAt: new Date(),
    });
    const order = await insertOrder(db(), {
      organizationId: account.organizationId,
      providerAccountId: account.id,
      cardId: card.id,
      type: "topup",
      status: "pending",
      amount: 3_000n,
      currency: "USD",
      request: { type: "topup", amount: "3000" },
      createdByUserId: finance.id,
    });

    const toB = await editProviderAccountAction({ accountId: account.id, label: "NobePay sandbox", baseUrl: `${sandboxB.url}/nobepay`, credentials: { appSecret: "sandbox-secret" } });
    expect(toB).toMatchObject({ ok: false, error: { code: "conflict", fields: { baseUrl: expect.stringContaining("still in progress") } } });
    const otherKey = await editProviderAccountAction({ accountId: account.id, label: "NobePay sandbox", baseUrl: account.baseUrl, credentials: { appKey: "another-key" } });
    expect(otherKey).toMatchObject({ ok: false, error: { code: "conflict", fields: { "credentials.appKey": expect.stringContaining("still in progress") } } });
    expect(otherKey.ok ? null : otherKey.error.fields).not.toHaveProperty("baseUrl");
    const row = await findProviderAccount(db(), account.id);
    expect(row!.baseUrl).toBe(account.baseUrl);
    expect(decryptJson(row!.credentialsEncrypted)).toMatchObject({ appKey: "sandbox-key" });
    // A label or a new secret for the same account is no move: allowed while the order is open.
    expect(await editProviderAccountAction({ accountId: account.id, label: "NobePay main", baseUrl: account.baseUrl, credentials: { appSecret: "sandbox-secret" } })).toMatchObject({ ok: true });

    // Once the order has ended, the same account reached at the other address (its card is there) may move.
    await updateOrder(db(), order.id, { status: "completed", completedAt: new Date() });
    const moved = await editProviderAccountAction({ accountId: account.id, label: "NobePay main", baseUrl: `${sandboxB.url}/nobepay`, credentials: { appSecret: "sandbox-secret" } });
    expect(moved).toMatchObject({ ok: true });
    expect((await findProviderAccount(db(), account.id))!.baseUrl).toBe(`${sandboxB.url}/nobepay`);
    await db().delete(providerOrders).where(eq(providerOrders.id, order.id));
  });

  it("refuses another provider account whose API does not know the account's cards; the same one at another host name is fine", async () => {
    await asAdmin();
    const account = accounts.cardopenapi;
    const finance = await sessionUserFor(db(), "finance@demo.test");
    const owner = await sessionUserFor(db(), "employee@demo.test");
    const issued = await issueCard(
      db(),
      finance,
      TEST_META,
      issueCardSchema.parse({ kind: "cardopenapi", accountId: account.id, productId: "cpi_6530de6a2f1c7", alias: "Cloud", initialAmount: "50", ownerUserId: owner.id }),
    );
    expect((await followToEnd(issued.orderId))?.status).toBe("completed");
    await updateCard(db(), issued.cardId, { lastSyncedAt: new Date() });

    const toB = await editProviderAccountAction({
      accountId: account.id,
      label: "Card OPEN-API sandbox",
      baseUrl: `${sandboxB.url}/cardopenapi`,
      timeZone: "UTC",
      apiVersion: "v1",
      credentials: { key: "sandbox-key" },
    });
    expect(toB).toMatchObject({ ok: false, error: { code: "conflict", fields: { baseUrl: expect.stringContaining("disable this account and connect the other one as a new account") } } });
    expect((await findProviderAccount(db(), account.id))!.baseUrl).toBe(account.baseUrl);

    // The same sandbox through its other host name reads the same provider account: its card is there.
    const alias = `${sandboxAlias(sandboxA.url)}/cardopenapi`;
    const same = await editProviderAccountAction({ accountId: account.id, label: "Card OPEN-API sandbox", baseUrl: alias, timeZone: "UTC", apiVersion: "v1", credentials: { key: "sandbox-key" } });
    expect(same).toMatchObject({ ok: true });
    expect((await findProviderAccount(db(), account.id))!.baseUrl).toBe(alias);
  });
});
