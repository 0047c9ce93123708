import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { recordSyncFailure, recordSyncSuccess } from "@/db/queries/provider-sync-status";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { listBackgroundSyncHealth, listTransactionPullHealth } from "@/db/queries/provider-sync-status";
import { seedDemo } from "@/db/seed";
import { withTestDatabase } from "@/test/database";
import { failingBackgroundSync } from "./background-sync";

const database = withTestDatabase();
let organizationId = "";
let accountId = "";

beforeAll(async () => {
  await seedDemo(database.db(), { sandboxUrl: "http://127.0.0.1:9" });
  const [account] = await listProviderAccounts(database.db());
  organizationId = account!.organizationId;
  accountId = account!.id;
});

describe("background sync health", () => {
  it("lists the transaction pull beside the other reads, leaves out walk positions and other organisations", async () => {
    const db = database.db();
    const at = new Date("2026-12-01T12:00:00Z");
    await recordSyncSuccess(db, { providerAccountId: accountId, kind: "funding", at });
    await recordSyncFailure(db, { providerAccountId: accountId, kind: "statements", at, message: "The provider did not answer." });
    await recordSyncSuccess(db, { providerAccountId: accountId, kind: "walk:cards", at });
    await db.execute(sql`insert into transaction_sync_states (provider_account_id, last_error, last_error_at) values (${accountId}, 'Card "Travel" (c_1): not found', ${at.toISOString()})`);

    const rows = await listBackgroundSyncHealth(db, { organizationId });
    expect(rows.filter((row) => row.accountId === accountId).map((row) => row.kind).sort()).toEqual(["funding", "statements", "transactions"]);
    expect(failingBackgroundSync(rows, accountId).map((row) => [row.kind, row.lastError])).toEqual([
      ["transactions", 'Card "Travel" (c_1): not found'],
      ["statements", "The provider did not answer."],
    ]);
    expect(await listBackgroundSyncHealth(db, { organizationId: "00000000-0000-0000-0000-000000000000" })).toEqual([]);
    // The transactions list reads the pull's health alone, by account, for its notice.
    expect(await listTransactionPullHealth(db, { organizationId })).toEqual(new Map([[accountId, { lastSuccessAt: null, lastErrorAt: at, lastError: 'Card "Travel" (c_1): not found' }]]));
    expect((await listTransactionPullHealth(db, { organizationId: "00000000-0000-0000-0000-000000000000" })).size).toBe(0);
  });
});
