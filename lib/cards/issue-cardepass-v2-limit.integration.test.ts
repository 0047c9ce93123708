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
import { issueCard } from "./issue-card";
import { issueCardSchema } from "./schemas";
import { syncCard } from "./sync-card";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

/**
 * cardepass-v2.md's Standard apply examples carry a per-transaction limit ('"maxAuthAmount": "100"', '"maxAuthAmount":
 * "200"'), its apply table lists no field (so it is optional), and its card detail reads "| maxAuthAmount | number |
 * 单笔限额 | 单次交易最大金额 |". cardepass-v1.md keeps it to ShareBalance: "仅在共享模式下可用".
 */
const database = withTestDatabase();
const v2 = withCardepassV2Demo(() => database.db());

const finance = () => sessionUserFor(database.db(), "finance@demo.test");

const standardInput = v2.standardInput;

async function tableCounts() {
  const [cardCount] = await database.db().select({ value: count() }).from(cards);
  const [orderCount] = await database.db().select({ value: count() }).from(providerOrders);
  return { cards: cardCount!.value, orders: orderCount!.value };
}

describe("a Cardepass v2 Standard card's per-transaction limit", () => {
  it("is issued with the limit asked for, in minor units of the card currency, and keeps it after a read from the provider", async () => {
    const issued = await issueCard(database.db(), await finance(), TEST_META, await standardInput({ perTransactionLimit: "150.50" }));
    expect(await findCard(database.db(), issued.cardId)).toMatchObject({ limitPerTransaction: 15050n, limitLifetime: null, limitUsed: null });
    const order = await followOrderToEnd(database.db(), issued.orderId);
    expect(order).toMatchObject({ status: "completed", amount: null });
    expect(order?.request).toMatchObject({ perTransactionLimit: "15050" });
    expect(order?.request).not.toHaveProperty("lifetimeLimit");
    await syncCard(database.db(), issued.cardId);
    expect(await findCard(database.db(), issued.cardId)).toMatchObject({ status: "active", balance: 0n, limitPerTransaction: 15050n, limitLifetime: null, limitUsed: null });
  });

  it("is optional: without one the card has no limits", async () => {
    const issued = await issueCard(database.db(), await finance(), TEST_META, await standardInput({}));
    await followOrderToEnd(database.db(), issued.orderId);
    await syncCard(database.db(), issued.cardId);
    expect(await findCard(database.db(), issued.cardId)).toMatchObject({ status: "active", limitPerTransaction: null, limitLifetime: null, limitUsed: null });
  });

  it("is refused on its field when it is not an amount above zero, or has more decimals than the currency, before anything is written", async () => {
    const before = await tableCounts();
    expect(() => issueCardSchema.parse({ ...standardFields(), perTransactionLimit: "0" })).toThrow("The amount must be more than zero.");
    await expect(issueCard(database.db(), await finance(), TEST_META, await standardInput({ perTransactionLimit: "10.005" }))).rejects.toMatchObject({ code: "invalid_input", fields: { perTransactionLimit: expect.any(String) } });
    expect(await tableCounts()).toEqual(before);
  });

  it("is refused on a v1 account, whose Standard apply takes none", async () => {
    const [account] = await database.db().select().from(providerAccounts).where(eq(providerAccounts.id, v2.accountId()));
    await database.db().update(providerAccounts).set({ settings: { ...account!.settings, apiVersion: "v1" }, updatedAt: new Date() }).where(eq(providerAccounts.id, v2.accountId()));
    try {
      const before = await tableCounts();
      await expect(issueCard(database.db(), await finance(), TEST_META, await standardInput({ initialAmount: "10", perTransactionLimit: "100" }))).rejects.toMatchObject({
        code: "invalid_input",
        fields: { perTransactionLimit: "This provider account's Standard cards take no per-transaction limit." },
      });
      expect(await tableCounts()).toEqual(before);
    } finally {
      await database.db().update(providerAccounts).set({ settings: account!.settings, updatedAt: new Date() }).where(eq(providerAccounts.id, v2.accountId()));
    }
  });
});

function standardFields() {
  return { kind: "cardepass-standard", accountId: v2.accountId(), productId: "0BN03HNK", currency: "USD", alias: "Travel v2" };
}
