import { sql } from "drizzle-orm";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { FinanceOverviewSection } from "@/components/overview/finance-overview";
import { getConnection } from "@/db/client";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { recordingDb } from "@/scripts/bench/measure";
import { withTestDatabase } from "@/test/database";
import { planNodes } from "@/test/query-plan";
import { sessionUserFor } from "@/test/session-user";
import { FLAGGED_CARDS_SHOWN, loadFinanceOverview } from "./load-overview";

/** The finance overview's two card panels list the newest few and say how many there are in all. */

const database = withTestDatabase();
const db = () => database.db();
const NOW = new Date("2026-11-20T12:00:00Z");
const MISSING = FLAGGED_CARDS_SHOWN + 2;
const REOPENED = FLAGGED_CARDS_SHOWN + 1;
let finance: SessionUser;
let accountId = "";

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();

async function flaggedCards(count: number, flag: "provider_missing_since" | "provider_reopened_since", status: string): Promise<void> {
  await db().execute(sql`
    insert into cards (organization_id, provider_account_id, card_model, alias, currency, status, ${sql.raw(flag)})
    select ${finance.organizationId}::uuid, ${accountId}::uuid, 'prepaid', ${flag} || ' ' || n, 'USD', ${status}, ${NOW.toISOString()}::timestamptz - n * interval '1 hour'
      from generate_series(1, ${count}) n`);
}

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  finance = await sessionUserFor(db(), "finance@demo.test");
  accountId = (await db().select().from(providerAccounts)).find((account) => account.provider === "cardopenapi")!.id;
  await flaggedCards(MISSING, "provider_missing_since", "active");
  await flaggedCards(REOPENED, "provider_reopened_since", "cancelled");
});

describe("cards flagged by a sync, on the finance overview", () => {
  it("show the newest ten and the count of all of them", async () => {
    const data = (await loadFinanceOverview(db(), finance, NOW, { range: 30, split: "provider" }))!;
    data.topMerchants.catch(() => undefined);
    expect(data.missingCards).toHaveLength(FLAGGED_CARDS_SHOWN);
    expect(data.missingCount).toEqual({ counted: MISSING, capped: false });
    expect(data.reopenedCards).toHaveLength(FLAGGED_CARDS_SHOWN);
    expect(data.reopenedCount).toEqual({ counted: REOPENED, capped: false });
    const page = text(renderToStaticMarkup(createElement(FinanceOverviewSection, { data, now: NOW })));
    expect(page).toContain(`Cards not found at their provider (${MISSING})`);
    expect(page).toContain(`Showing the ${FLAGGED_CARDS_SHOWN} newest of ${MISSING}; 2 not shown.`);
    expect(page).toContain(`Cancelled cards open at their provider (${REOPENED})`);
    expect(page).toContain(`Showing the ${FLAGGED_CARDS_SHOWN} newest of ${REOPENED}; 1 not shown.`);
  });

  it("count through their partial indexes", async () => {
    // Many cards the sync found nothing wrong with: a plan that read them all would show here.
    await db().execute(sql`
      insert into cards (organization_id, provider_account_id, card_model, alias, currency, status)
      select ${finance.organizationId}::uuid, ${accountId}::uuid, 'prepaid', 'Bulk ' || n, 'USD', 'active' from generate_series(1, 20000) n`);
    await db().execute(sql`analyze cards`);
    const { pool } = getConnection();
    const recorder = recordingDb(pool);
    const statements = await recorder.record(async () => {
      const data = await loadFinanceOverview(recorder.db, finance, NOW, { range: 30, split: "provider" });
      await data!.topMerchants;
    });
    const counts = statements.filter((statement) => /count\(\*\)/.test(statement.text) && /provider_(missing|reopened)_since/.test(statement.text));
    expect(counts).toHaveLength(2);
    for (const statement of counts) {
      const { rows } = await pool.query<{ "QUERY PLAN": unknown }>(`explain (format json) ${statement.text}`, statement.params);
      const scans = planNodes(rows[0]!["QUERY PLAN"]).filter((node) => node["Relation Name"] === "cards");
      expect(scans.map((node) => node["Index Name"]), JSON.stringify(scans)).toEqual([expect.stringMatching(/^cards_provider_(missing|reopened)_idx$/)]);
    }
  });
});
