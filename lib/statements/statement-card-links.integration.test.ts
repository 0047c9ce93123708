import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { findCard, insertCard } from "@/db/queries/card-updates";
import { insertOrder } from "@/db/queries/provider-orders";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { getConnection } from "@/db/client";
import { linkStatementCards, listStatements, upsertStatements, type NewStatement, type StatementRow } from "@/db/queries/statements";
import { organizations } from "@/db/schema/organizations";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { providerStatements } from "@/db/schema/provider-statements";
import { seedDemo } from "@/db/seed";
import { issueCard } from "@/lib/cards/issue-card";
import { issueCardSchema } from "@/lib/cards/schemas";
import { refreshAllFunding } from "@/lib/funding/refresh-funding";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { storedWebhookSecret } from "@/lib/provider-accounts/webhook-secret";
import { recordingDb } from "@/scripts/bench/measure";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { followOrderToEnd } from "@/test/follow-order";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { syncAccountStatements } from "./sync-statements";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
let accountId = "";
let organizationId = "";
let otherAccountId = "";
/** A ShareBalance card the sandbox holds (its demo data), which Cardhub does not hold until a test links it. */
const SHARE = "66a0c0de0000000000000001";

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 40 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  const cardepass = (await listProviderAccounts(db())).find((account) => account.provider === "cardepass")!;
  accountId = cardepass.id;
  organizationId = cardepass.organizationId;
  expect((await refreshAllProducts(db())).failed).toEqual([]);
  expect((await refreshAllFunding(db())).failed).toEqual([]);
  // Another organisation's Cardepass account, with the same provider card id and order number as ours below.
  const [other] = await db().insert(organizations).values({ name: "Other Co" }).returning();
  const [otherAccount] = await db()
    .insert(providerAccounts)
    .values({ organizationId: other!.id, provider: "cardepass", label: "Other", baseUrl: "http://127.0.0.1:9", credentialsEncrypted: "x", ...storedWebhookSecret("y") })
    .returning();
  otherAccountId = otherAccount!.id;
});
afterAll(async () => sandbox?.close());

const accountLines = async (): Promise<StatementRow[]> => (await listStatements(db(), { filter: { providerAccountId: accountId, source: "account" }, limit: 1000 })).rows;
const cardsAccountSide = async (cardId: string): Promise<string[]> =>
  (await listStatements(db(), { filter: { cardId, source: "account" }, limit: 1000 })).rows.map((row) => row.providerLogId);

describe("the card a funding-account line names", () => {
  it("is, for an ApplyCard's funding lines (order number only: the card does not exist yet), the card the order issued", async () => {
    const owner = await sessionUserFor(db(), "employee@demo.test");
    const input = issueCardSchema.parse({ kind: "cardepass-standard", accountId, productId: "DGG0C4JD", currency: "USD", alias: "Launch", initialAmount: "30", ownerUserId: owner.id });
    const issued = await issueCard(db(), await sessionUserFor(db(), "finance@demo.test"), TEST_META, input);
    const order = (await followOrderToEnd(db(), issued.orderId))!;
    expect(order).toMatchObject({ status: "completed", providerOrderId: expect.any(String) });

    expect(await syncAccountStatements(db(), accountId)).toEqual({ ok: true, lines: expect.any(Number) });

    // cardepass-v1.md accounts/accountLogs: each line has "orderNo 关联订单号" beside "cardInfo 卡信息"; an ApplyCard's
    // reservation and charge are posted while its card does not exist yet, so they carry the order number alone.
    const lines = (await accountLines()).filter((row) => row.providerOrderId === order.providerOrderId);
    expect(new Set(lines.map((row) => row.type))).toEqual(new Set(["AuthBlock", "AuthUnBlock", "CardTopUp", "OpenCardFee", "TopUpFee"]));
    expect(lines.every((row) => row.providerCardId === null)).toBe(true);
    expect(
      lines.map((row) => [row.type, row.card?.id ?? null]),
      "each of the ApplyCard's funding lines names the card it issued",
    ).toEqual(lines.map((row) => [row.type, issued.cardId]));
    expect(lines[0]!.card).toMatchObject({ id: issued.cardId, alias: "Launch" });
    // The card's statement of the funding account's lines for it holds them too: the statement names the card, and the
    // card's page lists the lines that name it.
    expect(await cardsAccountSide(issued.cardId)).toEqual(expect.arrayContaining(lines.map((row) => row.providerLogId)));
  });

  it("is, for a line stored before Cardhub held its card, that card once Cardhub holds it (within the line's account only)", async () => {
    // Lines an earlier read stored months ago, when Cardhub held neither the card (by its provider card id) nor the
    // order (by its number); no later read goes that far back (a read starts 3 days before the last one, the daily
    // re-read covers 90 days), so nothing reads them again.
    const old = new Date(Date.now() - 200 * 86_400_000);
    const stored = (account: string, n: string, patch: Partial<NewStatement>): NewStatement => ({
      providerAccountId: account,
      source: "account",
      providerLogId: `early-${n}`,
      type: "Consume",
      direction: "out",
      currency: "USD",
      amount: -500n,
      occurredAt: old,
      syncedAt: old,
      ...patch,
    });
    await upsertStatements(db(), [
      stored(accountId, "spend", { providerCardId: SHARE }),
      stored(accountId, "fee", { type: "OpenCardFee", amount: -10n, providerOrderId: "C1000-20250101-OLD1" }),
      stored(accountId, "unknown-card", { providerCardId: "66a0c0de00000000000000ff" }),
      stored(accountId, "unknown-order", { type: "AccountTopUp", amount: 10_000n, providerOrderId: "C1000-20250101-ZZZZ" }),
      stored(otherAccountId, "spend", { providerCardId: SHARE }),
      stored(otherAccountId, "fee", { type: "OpenCardFee", amount: -10n, providerOrderId: "C1000-20250101-OLD1" }),
    ]);
    expect(await syncAccountStatements(db(), accountId)).toEqual({ ok: true, lines: expect.any(Number) });
    expect((await accountLines()).find((row) => row.providerLogId === "early-spend")!.card).toBeNull();

    // Cardhub comes to hold the card, and the order that issued another one.
    const share = await insertCard(db(), { organizationId, providerAccountId: accountId, providerCardId: SHARE, cardModel: "sharebalance", alias: "Linked later", last4: "4242", currency: "USD", status: "active" });
    const issuedEarlier = await insertCard(db(), { organizationId, providerAccountId: accountId, providerCardId: "66a0c0de00000000000000ee", cardModel: "sharebalance", alias: "Issued earlier", currency: "USD", status: "active" });
    await insertOrder(db(), { organizationId, providerAccountId: accountId, cardId: issuedEarlier.id, type: "issue", status: "completed", providerOrderId: "C1000-20250101-OLD1" });

    // The read queued when a card is imported or an order settles.
    expect(await syncAccountStatements(db(), accountId)).toEqual({ ok: true, lines: expect.any(Number) });

    const named = Object.fromEntries((await accountLines()).filter((row) => row.providerLogId.startsWith("early-")).map((row) => [row.providerLogId, row.card?.id ?? null]));
    expect(named, "each early line names the card Cardhub now holds for it").toEqual({
      "early-spend": share.id,
      "early-fee": issuedEarlier.id,
      "early-unknown-card": null,
      "early-unknown-order": null,
    });
    expect(await cardsAccountSide(share.id)).toContain("early-spend");
    expect((await findCard(db(), share.id))!.organizationId).toBe(organizationId);
    // The other organisation's lines with the same provider card id and order number stay theirs: not our cards.
    const theirs = await db()
      .select({ cardId: providerStatements.cardId })
      .from(providerStatements)
      .where(and(eq(providerStatements.providerAccountId, otherAccountId), inArray(providerStatements.providerLogId, ["early-spend", "early-fee"])));
    expect(theirs).toEqual([{ cardId: null }, { cardId: null }]);
  });

  it("looks each unlinked line's card up by index, never walking the account's linked lines, the cards or the orders", async () => {
    // The shape a read meets: an account of 10,000 cards and 20,000 linked lines, 2,000 of Cardhub's orders, and a few
    // hundred lines naming a card or an order Cardhub does not hold (read again on every run, so each must stay cheap).
    await db().execute(sql`insert into cards (organization_id, provider_account_id, provider_card_id, card_model, alias, currency, status)
      select ${organizationId}::uuid, ${accountId}::uuid, 'bulk-card-' || g, 'sharebalance', 'Bulk card ' || g, 'USD', 'active' from generate_series(1, 10000) as g`);
    await db().execute(sql`insert into provider_orders (organization_id, provider_account_id, card_id, type, status, provider_order_id)
      select ${organizationId}::uuid, ${accountId}::uuid, c.id, 'topup', 'completed', 'bulk-order-' || g
      from generate_series(1, 2000) as g join cards c on c.provider_account_id = ${accountId}::uuid and c.provider_card_id = 'bulk-card-' || g`);
    await db().execute(sql`insert into provider_statements (provider_account_id, source, provider_log_id, card_id, provider_card_id, type, currency, amount, occurred_at)
      select ${accountId}::uuid, 'account', 'bulk-' || n, c.id, c.provider_card_id, 'Consume', 'USD', -100, timestamptz '2026-11-30' - n * interval '26 minutes'
      from generate_series(1, 20000) as n join cards c on c.provider_account_id = ${accountId}::uuid and c.provider_card_id = 'bulk-card-' || (1 + n % 10000)`);
    await db().execute(sql`insert into provider_statements (provider_account_id, source, provider_log_id, provider_card_id, provider_order_id, type, currency, amount, occurred_at)
      select ${accountId}::uuid, 'account', 'bulk-unlinked-' || n, case when n % 2 = 0 then 'bulk-unknown-' || n end, case when n % 2 = 1 then 'bulk-unknown-order-' || n end,
        'Consume', 'USD', -100, timestamptz '2026-11-30' - n * interval '1 hour'
      from generate_series(1, 300) as n`);
    try {
      for (const table of ["provider_statements", "cards", "provider_orders"]) await db().execute(sql.raw(`vacuum analyze ${table}`));
      const recorder = recordingDb(getConnection().pool);
      const [update] = await recorder.record(() => linkStatementCards(recorder.db, { providerAccountId: accountId }));
      const plan = await getConnection().pool.query<{ "QUERY PLAN": string }>(`explain ${update!.text}`, update!.params);
      const text = plan.rows.map((row) => row["QUERY PLAN"]).join("\n");
      expect(text, "the account's unlinked lines, from their own index").toContain("provider_statements_unlinked_idx");
      expect(text, "a line's card by the provider's card id").toContain("cards_provider_card_unique");
      expect(text, "a line's order by its number").toContain("provider_orders_provider_order_idx");
      // (Its one sort is count(distinct) over the few orders that share one number.)
      expect(text, text).not.toMatch(/Seq Scan/);
    } finally {
      await db().execute(sql`delete from provider_statements where provider_log_id like 'bulk-%'`);
      await db().execute(sql`delete from provider_orders where provider_order_id like 'bulk-order-%'`);
      await db().execute(sql`delete from cards where provider_card_id like 'bulk-card-%'`);
    }
  });
});
