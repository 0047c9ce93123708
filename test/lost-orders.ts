import { eq } from "drizzle-orm";
import { expect, vi } from "vitest";
import type { Db } from "@/db/client";
import { findCard, type CardRow } from "@/db/queries/card-updates";
import { findUserByEmail } from "@/db/queries/users";
import { providerOrders } from "@/db/schema/provider-orders";
import { issueCard } from "@/lib/cards/issue-card";
import { requestCardChange } from "@/lib/cards/request-card-change";
import { issueCardSchema } from "@/lib/cards/schemas";
import { followOrder } from "@/lib/orders/follow-order";
import { REVIEW_AFTER_MS } from "@/lib/orders/order-deadline";
import { followOrderToEnd } from "./follow-order";
import { sessionUserFor, TEST_META } from "./session-user";

/**
 * Orders whose answer was lost, against the sandbox (the demo seed's accounts): what an unknown outcome and a review
 * look like to the card they are on. Take `globalThis.fetch` as it was before any spy (the sandbox's own calls).
 */
export function lostOrders(db: () => Db, sandboxUrl: () => string, realFetch: typeof fetch) {
  const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);
  const fault = (body: Record<string, unknown>) =>
    realFetch(`${sandboxUrl()}/_sandbox/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  /** A card's balance as the sandbox holds it, in major units ("20.00"). */
  async function sandboxBalance(provider: "cardopenapi" | "nobepay", providerCardId: string | null): Promise<string | undefined> {
    const state = (await (await realFetch(`${sandboxUrl()}/_sandbox/state`)).json()) as Record<string, { cards: { cardId: string; balance: string }[] }>;
    return state[provider]!.cards.find((card) => card.cardId === providerCardId)?.balance;
  }

  /** An active card of Eli's (Operations, which Omar manages), issued by finance through Cardhub and followed to its end. */
  async function activeCard(provider: "cardopenapi" | "nobepay", accountId: string, alias: string): Promise<CardRow> {
    const owner = await findUserByEmail(db(), "employee@demo.test");
    const input =
      provider === "cardopenapi"
        ? { kind: "cardopenapi", productId: "cpi_6530de6a2f1c7", initialAmount: "15.00" }
        : { kind: "nobepay", productId: "v_5bc814", initialAmount: "25.00", holderFirstName: "Eli", holderLastName: "Employee", street: "1 Main St", city: "Austin", state: "TX", zipCode: "73301" };
    const issued = await issueCard(db(), await as("finance"), TEST_META, issueCardSchema.parse({ ...input, alias, accountId, ownerUserId: owner!.id }));
    expect(await followOrderToEnd(db(), issued.orderId)).toMatchObject({ status: "completed" });
    const card = await findCard(db(), issued.cardId);
    expect(card?.status).toBe("active");
    return card!;
  }

  // Each looks again at once: the last send an hour ago, its lease and backoff over.

  /**
   * A Card OPEN-API top-up of $5.00 by finance that the provider carried out, but whose answer arrived cut in half and
   * whose lookups stay unreadable until the spy is restored: the order stays open, its outcome unknown.
   */
  async function lostTopUp(card: CardRow): Promise<string> {
    await fault({ provider: "cardopenapi", failNext: 1, failMode: "malformed" });
    const before = await sandboxBalance("cardopenapi", card.providerCardId);
    const topUp = await requestCardChange(db(), await as("finance"), TEST_META, card.id, { type: "topup", amount: "5.00" });
    expect(topUp.status).toBe("created");
    // The sandbox completes a recharge orderDelayMs after taking it: until then a card read shows the old balance, and
    // a test that reads the card back sooner would race the provider's own timer.
    await vi.waitFor(async () => expect(await sandboxBalance("cardopenapi", card.providerCardId)).not.toBe(before), { timeout: 5_000, interval: 20 });
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
      if (path.endsWith("/openApi/order/orderDetail")) return new Response("<html>gateway</html>", { status: 200 });
      return realFetch(input, init);
    });
    await db().update(providerOrders).set({ lastSubmittedAt: new Date(Date.now() - 3_600_000), nextCheckAt: new Date(Date.now() - 1000) }).where(eq(providerOrders.id, topUp.orderId));
    expect(await followOrder(db(), topUp.orderId)).toMatchObject({ status: "created" });
    return topUp.orderId;
  }

  /** Six hours on, an order still unknown is handed to a person. */
  async function ageIntoReview(orderId: string): Promise<void> {
    await db().update(providerOrders).set({ createdAt: new Date(Date.now() - REVIEW_AFTER_MS - 60_000) }).where(eq(providerOrders.id, orderId));
    expect(await followOrder(db(), orderId)).toMatchObject({ status: "needs_review" });
  }

  /**
   * A NobePay top-up of $5.00 by finance met by a 502 (not carried out), whose card history then reads as 2,500
   * entries, too long to search: NobePay keeps no order to look up, so it is in review at once, and stays there.
   */
  async function unsearchableNobePayTopUp(card: CardRow): Promise<string> {
    await fault({ provider: "nobepay", failNext: 1, failMode: "status", failStatus: 502 });
    const topUp = await requestCardChange(db(), await as("finance"), TEST_META, card.id, { type: "topup", amount: "5.00" });
    await db().update(providerOrders).set({ lastSubmittedAt: new Date(Date.now() - 3_600_000), nextCheckAt: new Date(Date.now() - 1000) }).where(eq(providerOrders.id, topUp.orderId));
    const entry = { cardId: card.providerCardId, type: "TOPUP_CARD", typeText: "充值", desp: "Top up card, amount: $1.00", amount: 100, tradeAt: Date.now() - 86_400_000 };
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.pathname.endsWith("/card/order/list")) {
        return Response.json({ success: true, msg: "操作成功！", code: 200000, data: { data: Array.from({ length: 100 }, () => entry), pageSize: 100, total: 2500, pageNo: Number(url.searchParams.get("pageNo")) }, timestamp: Date.now() });
      }
      return realFetch(input, init);
    });
    expect(await followOrder(db(), topUp.orderId)).toMatchObject({ status: "needs_review" });
    return topUp.orderId;
  }

  return { activeCard, lostTopUp, ageIntoReview, unsearchableNobePayTopUp };
}
