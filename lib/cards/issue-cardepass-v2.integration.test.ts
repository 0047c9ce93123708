import { randomUUID } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { cards } from "@/db/schema/cards";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { providerOrders } from "@/db/schema/provider-orders";
import { findCard } from "@/db/queries/card-updates";
import { withCardepassV2Demo } from "@/test/cardepass-v2-demo";
import { withTestDatabase } from "@/test/database";
import { followOrderToEnd } from "@/test/follow-order";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { issueCard, prepareIssue } from "./issue-card";
import { requestCardChange } from "./request-card-change";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

/**
 * cardepass-v2.md "POST 标准模式开卡申请" lists no amount field (example body '{ "productCode": "STD001", "cardCurrency":
 * "USD", "maxAuthAmount": "100" }'); its only way to put money on a Standard card is "POST 标准模式卡充值".
 */
const V2_EMPTY = "This provider's v2 API issues the card empty; top it up once it is active.";

const database = withTestDatabase();
const v2 = withCardepassV2Demo(() => database.db());

const finance = () => sessionUserFor(database.db(), "finance@demo.test");

const standardInput = (initialAmount?: string) => v2.standardInput(initialAmount === undefined ? {} : { initialAmount });

async function tableCounts() {
  const [cardCount] = await database.db().select({ value: count() }).from(cards);
  const [orderCount] = await database.db().select({ value: count() }).from(providerOrders);
  return { cards: cardCount!.value, orders: orderCount!.value };
}

describe("a Cardepass Standard card on a v2 account", () => {
  it("is refused a first load on its field, before anything is written or sent", async () => {
    const before = await tableCounts();
    const error = await issueCard(database.db(), await finance(), TEST_META, await standardInput("100")).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "invalid_input", fields: { initialAmount: V2_EMPTY } });
    expect(await tableCounts()).toEqual(before);
  });

  it("is issued empty, shows its true balance, and takes its money by the documented top-up", async () => {
    const user = await finance();
    const issued = await issueCard(database.db(), user, TEST_META, await standardInput());
    const order = await followOrderToEnd(database.db(), issued.orderId);
    // The sandbox refuses a topUpAmount on a v2 apply: the order completing shows none was sent.
    expect(order).toMatchObject({ status: "completed", amount: null });
    expect(order?.request).not.toHaveProperty("initialAmount");
    expect(await findCard(database.db(), issued.cardId)).toMatchObject({ status: "active", balance: 0n });

    const topUp = await requestCardChange(database.db(), user, TEST_META, issued.cardId, { type: "topup", amount: "25.50" });
    expect((await followOrderToEnd(database.db(), topUp.orderId))?.status).toBe("completed");
    expect((await findCard(database.db(), issued.cardId))?.balance).toBe(2550n);
  });

  it("sent again under the same submission id, follows the card the first submission issued", async () => {
    const user = await finance();
    const orderId = randomUUID();
    const first = await issueCard(database.db(), user, TEST_META, await standardInput(), { orderId });
    const again = await issueCard(database.db(), user, TEST_META, await standardInput(), { orderId });
    expect(again.cardId).toBe(first.cardId);
    await followOrderToEnd(database.db(), first.orderId);
  });

  it("on a v1 account still needs its first load", async () => {
    // cardepass-v1.md orders/standard/apply: "| » topUpAmount | body | string | 是 | | none |".
    const [account] = await database.db().select().from(providerAccounts).where(eq(providerAccounts.id, v2.accountId()));
    await database.db().update(providerAccounts).set({ settings: { ...account!.settings, apiVersion: "v1" }, updatedAt: new Date() }).where(eq(providerAccounts.id, v2.accountId()));
    try {
      const before = await tableCounts();
      await expect(issueCard(database.db(), await finance(), TEST_META, await standardInput())).rejects.toMatchObject({ code: "invalid_input", fields: { initialAmount: "Enter an amount." } });
      expect(await tableCounts()).toEqual(before);
    } finally {
      await database.db().update(providerAccounts).set({ settings: account!.settings, updatedAt: new Date() }).where(eq(providerAccounts.id, v2.accountId()));
    }
  });

  it("cannot be asked for in a card request, whose terms are an amount: refused on the field, not an error", async () => {
    // A request is planned with prepareIssue alone (lib/requests/create-request.ts); it has no empty card to ask for.
    const user = await sessionUserFor(database.db(), "employee@demo.test");
    const refusal = { code: "invalid_input", fields: { initialAmount: "This provider's v2 API issues the card empty, so a request cannot carry a first top-up: ask finance to issue the card, then request a top-up." } };
    await expect(prepareIssue(database.db(), user, await standardInput())).rejects.toMatchObject(refusal);
    await expect(prepareIssue(database.db(), user, await standardInput("50"))).rejects.toMatchObject(refusal);
  });
});
