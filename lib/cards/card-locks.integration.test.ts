/**
 * An order whose outcome is unknown no longer locks its card against freezing: a freeze overtakes an open top-up (it
 * stops spending and moves no money), while cancelling and everything else wait for it. Activating one's own card is
 * four eyes, like unfreezing it. From the cards review (F2, F3).
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { cards } from "@/db/schema/cards";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { findCard, insertCard } from "@/db/queries/card-updates";
import { findOrder, insertOrder } from "@/db/queries/provider-orders";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { seedDemo } from "@/db/seed";
import { reassignCard } from "@/lib/cards/edit-card";
import { requestCardChange } from "@/lib/cards/request-card-change";
import { syncAllCards } from "@/lib/cards/sync-account-cards";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { followOrderToEnd } from "@/test/follow-order";
import { lostOrders } from "@/test/lost-orders";
import { sessionUserFor, TEST_META } from "@/test/session-user";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
const accountIds: Record<string, string> = {};
const realFetch = globalThis.fetch;
const { activeCard, lostTopUp, ageIntoReview } = lostOrders(db, () => sandbox.url, realFetch);

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

describe("a freeze overtakes an open top-up", () => {
  it("the cardholder freezes a card whose top-up answer was lost; cancelling and unfreezing wait for the top-up", async () => {
    const card = await activeCard("cardopenapi", accountIds.cardopenapi!, "Lost then stolen");
    const topUp = await lostTopUp(card);

    // Cancelling settles the card's balance, which the top-up may still change: it waits, and says freezing does not.
    expect(await refusal(requestCardChange(db(), await as("finance"), TEST_META, card.id, { type: "cancel" }))).toMatch(
      /^conflict: A top-up by [^.]+ is still in progress on this card\. Wait for it to finish\. Freezing it is still possible\.$/,
    );

    const frozen = await requestCardChange(db(), await as("employee"), TEST_META, card.id, { type: "freeze" });
    expect(await followOrderToEnd(db(), frozen.orderId)).toMatchObject({ status: "completed" });
    expect((await findCard(db(), card.id))?.status).toBe("frozen");
    // The top-up is untouched by it, and unfreezing waits like every other change.
    expect(await findOrder(db(), topUp)).toMatchObject({ status: "created", type: "topup" });
    expect(await refusal(requestCardChange(db(), await as("finance"), TEST_META, card.id, { type: "unfreeze" }))).toMatch(/^conflict: A top-up by [^.]+ is still in progress on this card\. Wait for it to finish\.$/);
  });

  it("the manager freezes a card whose top-up is in review", async () => {
    const card = await activeCard("cardopenapi", accountIds.cardopenapi!, "In review then stolen");
    const topUp = await lostTopUp(card);
    await ageIntoReview(topUp);
    const frozen = await requestCardChange(db(), await as("manager"), TEST_META, card.id, { type: "freeze" });
    expect(await followOrderToEnd(db(), frozen.orderId)).toMatchObject({ status: "completed" });
    expect((await findCard(db(), card.id))?.status).toBe("frozen");
    expect(await findOrder(db(), topUp)).toMatchObject({ status: "needs_review" });
  });

  it("a freeze still waits for an open freeze, unfreeze or cancel: their results would race its own", async () => {
    const finance = await as("finance");
    for (const type of ["freeze", "cancel", "unfreeze"] as const) {
      const card = await insertCard(db(), {
        organizationId: finance.organizationId,
        providerAccountId: accountIds.cardopenapi!,
        providerCardId: `open-${type}`,
        cardModel: "prepaid",
        alias: `Open ${type}`,
        currency: "USD",
        status: "active",
        balance: 1_000n,
      });
      await insertOrder(db(), { organizationId: finance.organizationId, providerAccountId: accountIds.cardopenapi!, cardId: card.id, type, status: "needs_review", currency: "USD", request: { type } });
      // Placed by no one Cardhub can name, its outcome unknown: said so.
      expect(await refusal(requestCardChange(db(), finance, TEST_META, card.id, { type: "freeze" }))).toMatch(/^conflict: An? (freeze|cancellation|unfreeze) is still waiting for review on this card \(its outcome at the provider is not known yet\)\./);
    }
  });
});

describe("finance activates their own card only with a second person", () => {
  it("the inactive $100 'New hire' card reassigned to finance is not activated by finance, and is by another finance member", async () => {
    const [newHire] = await db().select().from(cards).where(eq(cards.providerCardId, "5f1d0c9e8b7a6f5e4d3c2b1a00000005"));
    expect(newHire).toMatchObject({ status: "inactive", balance: 10_000n });
    const finance = await as("finance");
    await reassignCard(db(), await as("finance2"), TEST_META, { cardId: newHire!.id, ownerUserId: finance.id });

    expect(await refusal(requestCardChange(db(), finance, TEST_META, newHire!.id, { type: "activate" }))).toMatch(/^conflict: /);
    expect((await findCard(db(), newHire!.id))?.status).toBe("inactive");

    const activated = await requestCardChange(db(), await as("finance2"), TEST_META, newHire!.id, { type: "activate" });
    expect(await followOrderToEnd(db(), activated.orderId)).toMatchObject({ status: "completed" });
    expect(await findCard(db(), newHire!.id)).toMatchObject({ status: "active", ownerUserId: finance.id });
  });
});
