/**
 * Migration 0055 keys a low-balance crossing by its funding source too (scope): NobePay funds each card segment apart,
 * so each segment crosses its threshold on its own. Crossings already stored were judged on the account's whole
 * currency, which scope '' names; they stay valid, and the next refresh closes a NobePay one the segments replace.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { lowBalanceAlerts } from "@/db/schema/low-balance-alerts";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { seedDemo } from "@/db/seed";
import { withTestDatabase } from "@/test/database";
import { openLowBalanceAlert } from "./low-balance-alerts";

const database = withTestDatabase();
const db = () => database.db();
const TAG = "0055_low_balance_alerts_scope";
const MIGRATION = readFileSync(path.join(process.cwd(), `db/migrations/${TAG}.sql`), "utf8");
let account = { id: "", organizationId: "" };

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  const [nobepay] = await db().select().from(providerAccounts).where(eq(providerAccounts.provider, "nobepay"));
  account = { id: nobepay!.id, organizationId: nobepay!.organizationId };
});

describe(`migration ${TAG}`, () => {
  it("is the journal's entry after 0054, so the migrator applies it", () => {
    const journal = JSON.parse(readFileSync(path.join(process.cwd(), "db/migrations/meta/_journal.json"), "utf8")) as { entries: { idx: number; tag: string; when: number }[] };
    const at = journal.entries.findIndex((entry) => entry.tag === TAG);
    expect(journal.entries[at - 1]).toMatchObject({ idx: 54, tag: "0054_statement_fee_total_currency" });
    expect(journal.entries[at]).toMatchObject({ idx: 55 });
    expect(journal.entries[at]!.when).toBeGreaterThan(journal.entries[at - 1]!.when);
  });

  it("keeps the crossings already stored as whole-currency ones and lets each segment cross once on its own", async () => {
    // Before the migration: one open crossing per account and currency.
    await db().execute(sql.raw(`
      drop index low_balance_alerts_open_unique;
      alter table low_balance_alerts drop column scope;
      create unique index low_balance_alerts_open_unique on low_balance_alerts using btree (provider_account_id, currency) where recovered_at is null;
    `));
    await db().execute(sql`
      insert into low_balance_alerts (organization_id, provider_account_id, currency, threshold_minor, available_minor)
      values (${account.organizationId}::uuid, ${account.id}::uuid, 'USD', 100000, 500)`);

    await db().execute(sql.raw(MIGRATION));

    const [stored] = await db().select().from(lowBalanceAlerts);
    expect(stored).toMatchObject({ scope: "", currency: "USD", availableMinor: 500n, recoveredAt: null });
    const crossing = (scope: string) => openLowBalanceAlert(db(), { organizationId: account.organizationId, providerAccountId: account.id, currency: "USD", scope, thresholdMinor: 100000n, availableMinor: 0n, at: new Date() });
    expect(await crossing("")).toBeNull();
    expect(await crossing("v_7a21c9")).toMatchObject({ scope: "v_7a21c9" });
    expect(await crossing("v_7a21c9")).toBeNull();
    expect(await crossing("v_93de10")).toMatchObject({ scope: "v_93de10" });
  });
});
