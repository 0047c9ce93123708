import { sql } from "drizzle-orm";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { OrdersNeedingReview } from "@/components/orders/orders-needing-review";
import { getConnection } from "@/db/client";
import { insertCard } from "@/db/queries/card-updates";
import { countOrdersNeedingReview } from "@/db/queries/provider-orders";
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

const ids = async (user: SessionUser) => (await loadOrdersNeedingReview(db(), user)).orders.map((order) => order.id);
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();

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

  it("counts every order the viewer may see, not only the ones listed, and says the rest are not shown", async () => {
    const all = await loadOrdersNeedingReview(db(), finance);
    expect(all.count).toEqual({ counted: OTHERS + 1, capped: false });
    const panel = text(renderToStaticMarkup(createElement(OrdersNeedingReview, { needingReview: all })));
    expect(panel).toContain(`Requests that need review (${OTHERS + 1})`);
    expect(panel).toContain(`Showing the ${ORDERS_NEEDING_REVIEW_LIMIT} due first of ${OTHERS + 1}; ${OTHERS + 1 - ORDERS_NEEDING_REVIEW_LIMIT} not shown.`);

    const own = await loadOrdersNeedingReview(db(), employee);
    expect(own.count).toEqual({ counted: 1, capped: false });
    const ownPanel = text(renderToStaticMarkup(createElement(OrdersNeedingReview, { needingReview: own })));
    expect(ownPanel).toContain("Requests that need review (1)");
    expect(ownPanel).not.toContain("Showing");
  });

  it("stops counting past its cap and says there are more than that", async () => {
    const count = await countOrdersNeedingReview(db(), { organizationId: finance.organizationId, visibility: { all: true }, cap: 55 });
    expect(count).toEqual({ counted: 55, capped: true });
    const panel = text(renderToStaticMarkup(createElement(OrdersNeedingReview, { needingReview: { orders: (await loadOrdersNeedingReview(db(), finance)).orders, count } })));
    expect(panel).toContain("Requests that need review (more than 55)");
    expect(panel).toContain(`Showing the ${ORDERS_NEEDING_REVIEW_LIMIT} due first of more than 55; more than 5 not shown.`);
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
      // The list and its count.
      expect(statements).toHaveLength(2);
      for (const statement of statements) {
        const { rows } = await pool.query<{ "QUERY PLAN": unknown }>(`explain (format json) ${statement.text}`, statement.params);
        const scans = planNodes(rows[0]!["QUERY PLAN"]).filter((node) => node["Relation Name"] === "cards" || node["Relation Name"] === "provider_orders");
        expect(scans.filter((node) => node["Node Type"] === "Seq Scan").map((node) => node["Relation Name"]), JSON.stringify(scans)).toEqual([]);
      }
    }
  });
});
