import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { writeStoredSettings } from "@/db/queries/settings";
import { lowBalanceAlerts } from "@/db/schema/low-balance-alerts";
import { notifications } from "@/db/schema/notifications";
import { userRoles, users } from "@/db/schema/users";
import { seedDemo } from "@/db/seed";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { refreshAccountFunding } from "./refresh-funding";

const database = withTestDatabase();
let sandbox: RunningSandbox;
let organizationId = "";
let walletAccountId = "";

/** Sets the cardopenapi wallet's balance through the sandbox's admin API, as the provider would report it. */
async function setWallet(available: string): Promise<void> {
  const response = await fetch(`${sandbox.url}/_sandbox/funding`, { method: "POST", body: JSON.stringify({ provider: "cardopenapi", available }) });
  expect(response.status).toBe(200);
}

async function refresh(): Promise<void> {
  const result = await refreshAccountFunding(database.db(), walletAccountId);
  expect(result).toEqual({ ok: true, sources: 1 });
}

const lowBalanceNotices = () => database.db().select().from(notifications).where(eq(notifications.kind, "funding.low_balance"));

async function financeIds(): Promise<string[]> {
  const rows = await database
    .db()
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(users.organizationId, organizationId), eq(users.active, true), eq(userRoles.role, "finance")));
  return rows.map((row) => row.id).sort();
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  const wallet = (await listProviderAccounts(database.db())).find((account) => account.provider === "cardopenapi")!;
  walletAccountId = wallet.id;
  organizationId = wallet.organizationId;
  // An administrator's threshold: warn when the wallet has less than USD 1,000.00 available.
  await writeStoredSettings(database.db(), {
    organizationId,
    values: { lowBalanceThresholds: [{ providerAccountId: walletAccountId, currency: "USD", amountMinor: "100000" }] },
    userId: null,
  });
});
afterAll(async () => {
  await sandbox?.close();
});

describe("low-balance notifications", () => {
  it("are sent once per crossing: not on every refresh, not twice for parallel refreshes, again after a recovery", async () => {
    const finance = await financeIds();
    expect(finance.length).toBeGreaterThanOrEqual(2);

    // Above the threshold (the seeded USD 20,000.00 wallet): nothing to say.
    await refresh();
    expect(await lowBalanceNotices()).toEqual([]);

    // Crossing: repeated refreshes, two of them at the same time, notify each finance member once.
    await setWallet("500.00");
    await refresh();
    await refresh();
    await Promise.all([refresh(), refresh()]);
    const first = await lowBalanceNotices();
    expect(first.map((notice) => notice.recipientUserId).sort()).toEqual(finance);
    expect(first[0]).toMatchObject({ title: expect.stringContaining("USD funding is low"), href: "/funding" });
    expect(first[0]!.body).toContain("$500.00");
    expect(first[0]!.body).toContain("$1,000.00");
    expect(await database.db().select().from(lowBalanceAlerts)).toHaveLength(1);

    // Recovered: the crossing closes, nobody is notified, and the next crossing is armed.
    await setWallet("5000.00");
    await Promise.all([refresh(), refresh()]);
    const [closed] = await database.db().select().from(lowBalanceAlerts);
    expect(closed!.recoveredAt).toBeInstanceOf(Date);
    expect(await lowBalanceNotices()).toHaveLength(finance.length);

    // Crossing again: one more notice per finance member, whatever the number of refreshes.
    await setWallet("99.99");
    await Promise.all([refresh(), refresh()]);
    await refresh();
    const all = await lowBalanceNotices();
    expect(all).toHaveLength(finance.length * 2);
    const second = all.filter((notice) => !first.some((earlier) => earlier.id === notice.id));
    expect(second.map((notice) => notice.recipientUserId).sort()).toEqual(finance);
    expect(second[0]!.body).toContain("$99.99");
    expect(new Set(all.map((notice) => notice.eventKey)).size).toBe(2);
    const alerts = await database.db().select().from(lowBalanceAlerts);
    expect(alerts.filter((alert) => alert.recoveredAt === null)).toHaveLength(1);
  });

  it("notifies only finance", async () => {
    const recipients = new Set((await lowBalanceNotices()).map((notice) => notice.recipientUserId));
    expect([...recipients].sort()).toEqual(await financeIds());
  });
});
