/**
 * Finance settles a provider request in review by what they found at the provider: done (it completes and the card is
 * read back from the provider) or not done (it fails), with a note on record; the card then takes any change again.
 * From the cards review (F2): nothing ended a review, and a review whose provider offers no lookup never ended.
 */
import { and, desc, eq, isNull, ne, sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { cards } from "@/db/schema/cards";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { findCard, insertCard } from "@/db/queries/card-updates";
import { findOrder, insertOrder } from "@/db/queries/provider-orders";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { seedDemo } from "@/db/seed";
import { ActionError } from "@/lib/actions/result";
import { AUDIT_CHAIN_LOCK } from "@/lib/audit/record";
import { requestCardChange } from "@/lib/cards/request-card-change";
import { syncAllCards } from "@/lib/cards/sync-account-cards";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { followOrderToEnd } from "@/test/follow-order";
import { lostOrders } from "@/test/lost-orders";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { resolveOrderReview } from "./resolve-order";
import { resolveOrderSchema } from "./schemas";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
const accountIds: Record<string, string> = {};
const realFetch = globalThis.fetch;
const { activeCard, lostTopUp, ageIntoReview, unsearchableNobePayTopUp } = lostOrders(db, () => sandbox.url, realFetch);

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 40 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  await db().update(providerAccounts).set({ settings: sql`${providerAccounts.settings} || ${JSON.stringify({ timeoutMs: 400, maxRetryMs: 1500 })}::jsonb`, updatedAt: new Date() });
  for (const account of await listProviderAccounts(db())) accountIds[account.provider] = account.id;
  expect((await refreshAllProducts(db())).failed).toEqual([]);
  await syncAllCards(db());
});
afterEach(async () => {
  vi.restoreAllMocks();
  await realFetch(`${sandbox.url}/_sandbox/faults`, { method: "DELETE" });
});
afterAll(async () => sandbox?.close());

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);
const refusal = (promise: Promise<unknown>) => promise.then(() => "allowed", (error: Error & { code?: string }) => `${error.code}: ${error.message}`);
const resolve = async (who: string, input: Record<string, unknown>) => resolveOrderReview(db(), await as(who), TEST_META, resolveOrderSchema.parse(input));

async function resolutionsOf(cardId: string) {
  return db()
    .select({ actorEmail: auditLog.actorEmail, summary: auditLog.summary })
    .from(auditLog)
    .where(and(eq(auditLog.action, "order.resolved"), eq(auditLog.targetId, cardId)))
    .orderBy(desc(auditLog.id));
}

describe("finance settles an order in review by what the provider shows", () => {
  it("done: the order completes, the card is read back from the provider, and it takes changes again", async () => {
    const card = await activeCard("cardopenapi", accountIds.cardopenapi!, "Checked at the provider");
    const topUp = await lostTopUp(card);
    await ageIntoReview(topUp);

    const resolved = await resolve("finance", { orderId: topUp, outcome: "done", note: "Recharge of $5.00 listed in the portal" });
    expect(resolved).toEqual({ orderId: topUp, status: "completed" });
    expect(await findOrder(db(), topUp)).toMatchObject({ status: "completed", nextCheckAt: null });
    // The sandbox carried the recharge out: $15.00 + $5.00, as the provider states it.
    expect(await findCard(db(), card.id)).toMatchObject({ status: "active", balance: 2_000n });
    const [row] = await resolutionsOf(card.id);
    expect(row).toMatchObject({ actorEmail: "finance@demo.test", summary: { orderId: topUp, type: "topup", outcome: "done", note: "Recharge of $5.00 listed in the portal" } });

    expect(await refusal(resolve("finance", { orderId: topUp, outcome: "not_done", note: "Changed my mind" }))).toMatch(/^conflict: This provider request is not waiting for review/);
    const cancelled = await requestCardChange(db(), await as("finance"), TEST_META, card.id, { type: "cancel" });
    expect(await followOrderToEnd(db(), cancelled.orderId)).toMatchObject({ status: "completed" });
  });

  it("not done: a NobePay top-up whose history is too long to search fails, and the card can be cancelled again", async () => {
    const card = await activeCard("nobepay", accountIds.nobepay!, "Busy card");
    const topUp = await unsearchableNobePayTopUp(card);
    expect(await refusal(requestCardChange(db(), await as("finance"), TEST_META, card.id, { type: "cancel" }))).toMatch(/^conflict: A top-up by [^.]+ is still waiting for review on this card \(its outcome at the provider is not known yet\)\./);

    expect(await resolve("finance2", { orderId: topUp, outcome: "not_done", note: "No deposit in NobePay's card history for today" })).toEqual({ orderId: topUp, status: "failed" });
    const failed = await findOrder(db(), topUp);
    expect(failed).toMatchObject({ status: "failed", failureCode: "not_done_at_provider", nextCheckAt: null });
    expect(failed?.failureMessage).toContain("No deposit in NobePay's card history for today");
    expect((await resolutionsOf(card.id))[0]).toMatchObject({ actorEmail: "finance2@demo.test", summary: { outcome: "not_done" } });

    const cancelled = await requestCardChange(db(), await as("finance"), TEST_META, card.id, { type: "cancel" });
    expect(await followOrderToEnd(db(), cancelled.orderId)).toMatchObject({ status: "completed" });
  });

  it("an issue in review: done needs the provider's id of the card it made, which the provider must know", async () => {
    const finance = await as("finance");
    const eli = await as("employee");
    const account = accountIds.cardopenapi!;
    const pendingCard = async (alias: string) => {
      const card = await insertCard(db(), { organizationId: eli.organizationId, providerAccountId: account, cardModel: "prepaid", ownerUserId: eli.id, teamId: eli.teamIds[0], alias, currency: "USD", status: "pending" });
      const order = await insertOrder(db(), {
        organizationId: eli.organizationId,
        providerAccountId: account,
        cardId: card.id,
        type: "issue",
        status: "needs_review",
        amount: 1_500n,
        currency: "USD",
        request: { type: "issue" },
        createdByUserId: finance.id,
      });
      return { card, order };
    };
    // A card the provider made that Cardhub does not know yet: a listed card's id, freed locally.
    const [listed] = await db()
      .select()
      .from(cards)
      .where(and(eq(cards.providerAccountId, account), eq(cards.status, "active"), isNull(cards.ownerUserId)))
      .limit(1);
    const madeByProvider = listed!.providerCardId!;
    const [taken] = await db().select().from(cards).where(and(eq(cards.providerAccountId, account), ne(cards.id, listed!.id), eq(cards.status, "active"))).limit(1);
    await db().update(cards).set({ providerCardId: `freed-${madeByProvider}` }).where(eq(cards.id, listed!.id));

    const { card, order } = await pendingCard("Issued, answer lost");
    const fieldsOf = async (input: Record<string, unknown>) =>
      resolve("finance", { orderId: order.id, outcome: "done", note: "Card shows in the portal", ...input }).then(
        () => null,
        (error: unknown) => (error instanceof ActionError ? { code: error.code, fields: error.fields } : error),
      );
    expect(await fieldsOf({})).toMatchObject({ code: "invalid_input", fields: { providerCardId: expect.stringContaining("card id") } });
    expect(await fieldsOf({ providerCardId: taken!.providerCardId })).toMatchObject({ code: "invalid_input", fields: { providerCardId: expect.stringContaining("already") } });
    expect(await fieldsOf({ providerCardId: "999999999999" })).toMatchObject({ code: "invalid_input", fields: { providerCardId: expect.stringContaining("does not know") } });
    expect(await findOrder(db(), order.id)).toMatchObject({ status: "needs_review" });

    expect(await resolve("finance", { orderId: order.id, outcome: "done", note: "Card shows in the portal", providerCardId: madeByProvider })).toEqual({ orderId: order.id, status: "completed" });
    expect(await findCard(db(), card.id)).toMatchObject({ providerCardId: madeByProvider, status: "active", ownerUserId: eli.id });

    const notMade = await pendingCard("Never made");
    expect(await resolve("finance", { orderId: notMade.order.id, outcome: "not_done", note: "No such card in the portal" })).toMatchObject({ status: "failed" });
    expect((await findCard(db(), notMade.card.id))?.status).toBe("failed");
  });
});

/** How many connections to this test's database wait for a lock (a row, or the audit chain's advisory lock). */
async function waitingForLocks(): Promise<number> {
  const result = await db().execute(sql`select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
  return (result.rows[0] as { waiting: number }).waiting;
}
async function until(check: () => Promise<boolean>) {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("the awaited lock wait never came");
}
const settled = (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (error: { cause?: unknown }) => String(error.cause ?? error),
  );

// Lock order: the card, then the audit chain, as every card change takes them (requestCardChange, settleOrder). The
// resolution wrote its audit row before it updated the card: with a freeze of the same card holding the card and
// waiting for the chain, each waited for the other and PostgreSQL aborted one (40P01). From review diff37 (F2).
describe("recording the outcome while the cardholder freezes the card", () => {
  it("takes turns with the freeze: both succeed", async () => {
    const card = await activeCard("cardopenapi", accountIds.cardopenapi!, "Resolved while frozen");
    const topUp = await lostTopUp(card);
    await ageIntoReview(topUp);
    vi.restoreAllMocks();
    const eli = await as("employee");
    const finance2 = await as("finance2");

    // Another audited write of the organisation holds the chain for a moment: the resolution queues on it first
    // (holding the order, and the card where it takes it before the chain), then the freeze does.
    const other = new pg.Client({ connectionString: database.url() });
    await other.connect();
    await other.query("begin");
    await other.query("select pg_advisory_xact_lock($1)", [AUDIT_CHAIN_LOCK]);
    const resolving = settled(resolveOrderReview(db(), finance2, TEST_META, resolveOrderSchema.parse({ orderId: topUp, outcome: "done", note: "Recharge listed in the portal" })));
    await until(async () => (await waitingForLocks()) === 1);
    const freezing = requestCardChange(db(), eli, TEST_META, card.id, { type: "freeze" });
    const freezeOutcome = settled(freezing);
    await until(async () => (await waitingForLocks()) === 2);
    await other.query("commit");
    await other.end();

    expect({ resolution: await resolving, freeze: await freezeOutcome }).toEqual({ resolution: "ok", freeze: "ok" });
    expect(await findOrder(db(), topUp)).toMatchObject({ status: "completed" });
    expect(await followOrderToEnd(db(), (await freezing).orderId)).toMatchObject({ status: "completed" });
    expect((await findCard(db(), card.id))?.status).toBe("frozen");
  });
});
