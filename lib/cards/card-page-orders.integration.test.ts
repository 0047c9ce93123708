import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { cardOrdersPageQuery, insertOrder } from "@/db/queries/provider-orders";
import type { SessionUser } from "@/lib/auth/session-user";
import { insertBulkCards } from "@/test/bulk-cards";
import { activeCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { planNodes } from "@/test/query-plan";
import { sessionUserFor } from "@/test/session-user";
import { CARD_ORDERS_PAGE_SIZE, cardPageOrders, olderRequestsParam, parseOlderRequestsParam } from "./card-page-orders";

const database = withTestDatabase();
const db = () => database.db();
let accountId = "";
let eli: SessionUser;
let finance: SessionUser;
const WEEK = 7 * 86_400_000;
const START = Date.UTC(2026, 0, 1);

/** A completed order `week` weeks after START (the first an issue), written straight into the table. */
async function weeklyOrder(cardId: string, week: number, values: { type?: "issue" | "topup" | "freeze"; status?: "completed" | "failed" | "needs_review"; at?: Date } = {}) {
  const at = values.at ?? new Date(START + week * WEEK);
  return insertOrder(db(), {
    organizationId: eli.organizationId,
    providerAccountId: accountId,
    cardId,
    type: values.type ?? (week === 0 ? "issue" : "topup"),
    amount: 2_000n,
    currency: "USD",
    request: { type: "topup", amount: "2000" },
    createdByUserId: finance.id,
    status: values.status ?? "completed",
    createdAt: at,
    completedAt: values.status === "needs_review" ? null : at,
  });
}

/** Every order of the card the page shows, following its "Older requests" links from the newest. */
async function walk(cardId: string): Promise<{ pages: number[]; ids: string[] }> {
  const pages: number[] = [];
  const ids: string[] = [];
  let link: string | null = null;
  for (let page = 0; page < 10; page += 1) {
    const before = link === null ? undefined : parseOlderRequestsParam({ requestsBefore: new URL(link, "http://localhost").searchParams.get("requestsBefore")! }).before;
    const orders = await cardPageOrders(db(), { cardId, before });
    pages.push(orders.shown.length);
    ids.push(...orders.shown.map((order) => order.id));
    link = orders.older ? `/cards/${cardId}${olderRequestsParam(orders.older)}` : null;
    if (!link) return { pages, ids };
  }
  throw new Error("the walk did not end");
}

beforeAll(async () => {
  accountId = await seedOfflineDemo(db());
  eli = await sessionUserFor(db(), "employee@demo.test");
  finance = await sessionUserFor(db(), "finance@demo.test");
});

describe("the card page's provider requests", () => {
  it("say the list is cut after the newest 50 and lead to the older ones, the issue order included", async () => {
    const cardId = await activeCardOf(db(), { user: eli, providerAccountId: accountId });
    const written = [];
    for (let week = 0; week < 56; week += 1) written.push(await weeklyOrder(cardId, week));
    const first = await cardPageOrders(db(), { cardId });
    expect(first.shown).toHaveLength(CARD_ORDERS_PAGE_SIZE);
    expect(first.older).not.toBeNull();
    const { pages, ids } = await walk(cardId);
    expect(pages).toEqual([50, 6]);
    expect(ids).toEqual(written.reverse().map((order) => order.id));
  });

  it("walk orders written in the same microsecond by id, none lost or repeated at a page's edge", async () => {
    const cardId = await activeCardOf(db(), { user: eli, providerAccountId: accountId });
    const at = new Date(Date.UTC(2026, 5, 1, 12, 0, 0, 123));
    for (let index = 0; index < 53; index += 1) await weeklyOrder(cardId, index, { at });
    // Microseconds a JavaScript Date cannot hold: the page's cursor must not round them away.
    await db().execute(sql`update provider_orders set created_at = created_at + interval '456 microseconds' where card_id = ${cardId} and id in (select id from provider_orders where card_id = ${cardId} order by id limit 20)`);
    const { pages, ids } = await walk(cardId);
    expect(pages).toEqual([50, 3]);
    expect(new Set(ids).size).toBe(53);
  });

  it("find an order in review older than the newest 50, on every page", async () => {
    const cardId = await activeCardOf(db(), { user: eli, providerAccountId: accountId });
    await weeklyOrder(cardId, 0);
    const inReview = await weeklyOrder(cardId, 1, { status: "needs_review" });
    // A freeze may overtake a top-up in review (lib/cards/open-order-rule.ts): a card whose freezes keep failing.
    for (let week = 2; week < 60; week += 1) await weeklyOrder(cardId, week, { type: "freeze", status: "failed" });
    const newest = await cardPageOrders(db(), { cardId });
    expect(newest.inReview.map((order) => order.id)).toEqual([inReview.id]);
    const older = await cardPageOrders(db(), { cardId, before: newest.older! });
    expect(older.inReview.map((order) => order.id)).toEqual([inReview.id]);
    expect(older.open).toEqual([]);
  });

  it("drop a link that is not a page of this list, with a notice", () => {
    const parsed = parseOlderRequestsParam({ requestsBefore: "not-a-cursor" });
    expect(parsed.before).toBeUndefined();
    expect(parsed.ignored.map((item) => item.field)).toEqual(["requestsBefore"]);
  });

  it("read a page by walking the card's index in its order, without sorting", async () => {
    // A card topped up daily for years, among other cards' orders (four each on 5000 cards).
    const cardId = await activeCardOf(db(), { user: eli, providerAccountId: accountId });
    await db().execute(sql`insert into provider_orders (organization_id, provider_account_id, card_id, type, status, amount, currency, created_at)
      select ${eli.organizationId}::uuid, ${accountId}::uuid, ${cardId}::uuid, 'topup', 'completed', 100, 'USD', timestamptz '2023-01-01' + n * interval '1 day'
      from generate_series(1, 2000) as n`);
    await insertBulkCards(db(), { organizationId: eli.organizationId, providerAccountId: accountId, status: "active", mark: () => ({}) });
    await db().execute(sql`insert into provider_orders (organization_id, provider_account_id, card_id, type, status, amount, currency, created_at)
      select organization_id, provider_account_id, id, 'topup', 'completed', 100, 'USD', timestamptz '2026-01-01' + n * interval '1 day'
      from cards cross join generate_series(1, 4) as n where provider_card_id like 'bulk-%'`);
    await db().execute(sql`analyze provider_orders`);
    const page = await cardPageOrders(db(), { cardId });
    for (const before of [undefined, page.older!]) {
      const statement = cardOrdersPageQuery(db(), { cardId, before, limit: CARD_ORDERS_PAGE_SIZE });
      const plan = await db().execute<{ "QUERY PLAN": unknown }>(sql`explain (format json) ${statement}`);
      const nodes = planNodes(plan.rows[0]!["QUERY PLAN"]);
      expect(nodes.map((node) => node["Node Type"])).not.toContain("Sort");
      expect(nodes.find((node) => node["Relation Name"] === "provider_orders")?.["Index Name"]).toBe("provider_orders_card_idx");
    }
  });
});
