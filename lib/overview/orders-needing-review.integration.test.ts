import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import { insertCard } from "@/db/queries/card-updates";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { providerOrders } from "@/db/schema/provider-orders";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { recordingDb } from "@/scripts/bench/measure";
import { withTestDatabase } from "@/test/database";
import { planNodes } from "@/test/query-plan";
import { sessionUserFor } from "@/test/session-user";
import { loadOrdersNeedingReview, ORDERS_NEEDING_REVIEW_LIMIT } from "./load-overview";

const database = withTestDatabase();
const db = () => database.db();
const OTHERS = ORDERS_NEEDING_REVIEW_LIMIT + 10;
let finance: SessionUser;
let manager: SessionUser;
let manager2: SessionUser;
let employee: SessionUser;
let employee2: SessionUser;
let accountId = "";
let elisOrder = "";
const emmasOrders: string[] = [];

async function cardOf(owner: SessionUser, alias: string): Promise<string> {
  const card = await insertCard(db(), {
    organizationId: owner.organizationId,
    providerAccountId: accountId,
    cardModel: "prepaid",
    ownerUserId: owner.id,
    teamId: owner.teamIds[0] ?? null,
    alias,
    currency: "USD",
    status: "active",
    balance: 0n,
  });
  return card.id;
}

async function orderNeedingReview(cardId: string, nextCheckAt: Date): Promise<string> {
  const [order] = await db()
    .insert(providerOrders)
    .values({ organizationId: finance.organizationId, providerAccountId: accountId, cardId, type: "topup", status: "needs_review", amount: 500n, currency: "USD", nextCheckAt })
    .returning({ id: providerOrders.id });
  return order!.id;
}

const ids = async (user: SessionUser) => (await loadOrdersNeedingReview(db(), user)).map((order) => order.id);

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  const user = (name: string) => sessionUserFor(db(), `${name}@demo.test`);
  [finance, manager, manager2, employee, employee2] = [await user("finance"), await user("manager"), await user("manager2"), await user("employee"), await user("employee2")];
  accountId = (await db().select().from(providerAccounts)).find((account) => account.provider === "cardopenapi")!.id;
  // After a provider outage: more orders of others than the panel lists, all due before the viewer's own.
  const start = Date.parse("2026-11-01T00:00:00Z");
  for (let index = 0; index < OTHERS; index += 1) emmasOrders.push(await orderNeedingReview(await cardOf(employee2, `Emma ${index}`), new Date(start + index * 60_000)));
  elisOrder = await orderNeedingReview(await cardOf(employee, "Eli – Travel"), new Date(start + OTHERS * 60_000));
}, 60_000);

describe("orders needing review on the overview", () => {
  it("shows an employee their own order even when more orders of others come first", async () => {
    expect(await ids(employee)).toEqual([elisOrder]);
  });

  it("shows a manager their team's order, and another team's manager none of it", async () => {
    expect(await ids(manager)).toEqual([elisOrder]);
    const marketing = await ids(manager2);
    expect(marketing).toEqual(emmasOrders.slice(0, ORDERS_NEEDING_REVIEW_LIMIT));
  });

  it("shows an employee none of another person's orders, and finance the organisation's first ones by next check", async () => {
    expect(await ids(employee2)).toEqual(emmasOrders.slice(0, ORDERS_NEEDING_REVIEW_LIMIT));
    expect(await ids(finance)).toEqual(emmasOrders.slice(0, ORDERS_NEEDING_REVIEW_LIMIT));
  });

  it("finds them through indexes, not by reading every order or card", async () => {
    // Many settled orders on many cards of others: a plan that read them all would show here.
    await db().execute(sql`
      with issued as (
        insert into cards (organization_id, provider_account_id, card_model, owner_user_id, team_id, alias, currency, status)
        select ${finance.organizationId}::uuid, ${accountId}::uuid, 'prepaid', ${employee2.id}::uuid, ${employee2.teamIds[0]!}::uuid, 'Bulk ' || n, 'USD', 'active'
          from generate_series(1, 20000) n
        returning id)
      insert into provider_orders (organization_id, provider_account_id, card_id, type, status, amount, currency, completed_at)
      select ${finance.organizationId}::uuid, ${accountId}::uuid, id, 'topup', 'completed', 100, 'USD', now() from issued`);
    await db().execute(sql`analyze cards`);
    await db().execute(sql`analyze provider_orders`);
    const { pool } = getConnection();
    const recorder = recordingDb(pool);
    for (const viewer of [employee, manager, finance]) {
      const statements = await recorder.record(() => loadOrdersNeedingReview(recorder.db, viewer));
      expect(statements).toHaveLength(1);
      const { rows } = await pool.query<{ "QUERY PLAN": unknown }>(`explain (format json) ${statements[0]!.text}`, statements[0]!.params);
      const scans = planNodes(rows[0]!["QUERY PLAN"]).filter((node) => node["Relation Name"] === "cards" || node["Relation Name"] === "provider_orders");
      expect(scans.filter((node) => node["Node Type"] === "Seq Scan").map((node) => node["Relation Name"]), JSON.stringify(scans)).toEqual([]);
    }
  });
});
