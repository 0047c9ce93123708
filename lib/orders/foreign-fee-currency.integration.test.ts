/**
 * Review money47 M1: a Cardepass order on a JPY card whose fee items are charged in USD. cardepass-v1.md states an
 * order's fee currency only per fee item ("»»»» currency | string | none | 费用币种 |"); the adapter now keeps the fee in
 * that currency (lib/providers/cardepass/transform.ts, feeCurrency), so settle-order's currency guard (feeOf) sees it:
 * the completed order is not stored with ¥1 for a $1.00 fee, nor left unreadable for a $0.10 one, but stays open with
 * the guard's reason, as the follower records any settlement it could not make (recordUnknownOutcome).
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { insertCard } from "@/db/queries/card-updates";
import { findOrder, insertOrder } from "@/db/queries/provider-orders";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { seedDemo } from "@/db/seed";
import { CurrencyMismatchError } from "@/lib/money";
import { toOrder } from "@/lib/providers/cardepass/transform";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor } from "@/test/session-user";
import { settleOrder } from "./settle-order";
import { recordUnknownOutcome } from "./unknown-outcome";

const database = withTestDatabase();
const db = () => database.db();
let accountId: string;
let organizationId: string;

beforeAll(async () => {
  // No provider is reachable: settling must not depend on one.
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  accountId = (await listProviderAccounts(db())).find((a) => a.provider === "cardepass")!.id;
  organizationId = (await sessionUserFor(db(), "finance@demo.test")).organizationId;
});

/** cardepass-v1.md's orders/standard/topup answer (C1000-20250421-YRX3), completed, on a JPY card, its fee in USD. */
function completedJpyTopUp(fee: number): unknown {
  const fixture = JSON.parse(readFileSync(new URL("../providers/cardepass/fixtures/v1-order-standard-topup-pending.json", import.meta.url), "utf8"));
  const answer = fixture.body.data as Record<string, unknown> & { orderLines: Record<string, unknown>[] };
  return {
    ...answer,
    productInfo: { ...(answer.productInfo as object), cardCurrency: "JPY" },
    totalTopUpAmount: 2000,
    totalFee: fee,
    totalPayAmount: 2000 + fee,
    orderLines: [{ ...answer.orderLines[0], topUpAmount: 2000, feeItems: [{ feeType: "TopUpFee", amount: fee, currency: "USD" }] }],
    status: "Completed",
    completedOn: "2025-04-21T09:57:01.561Z",
  };
}

async function jpyTopUpOrder() {
  const card = await insertCard(db(), {
    organizationId,
    providerAccountId: accountId,
    providerCardId: `remote-jpy-${Math.random()}`,
    cardModel: "standard",
    alias: "JPY card",
    currency: "JPY",
    status: "active",
  });
  return insertOrder(db(), { organizationId, providerAccountId: accountId, cardId: card.id, type: "topup", currency: "JPY", request: { type: "topup", amount: "2000" }, status: "pending" });
}

describe("a completed Cardepass top-up on a JPY card whose fee is charged in USD", () => {
  for (const fee of [1, 0.1]) {
    it(`(fee ${fee} USD) is refused by the fee currency guard and stays open with its reason, no fee stored`, async () => {
      const order = await jpyTopUpOrder();
      const answer = toOrder(completedJpyTopUp(fee), { type: "topup", currency: "JPY" });
      const refused = await settleOrder(db(), order.id, answer).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(CurrencyMismatchError);
      expect((refused as Error).message).toMatch(/fee of topup order .* in USD, but the order is in JPY; it was not settled/);
      expect(await findOrder(db(), order.id)).toMatchObject({ status: "pending", fee: null, completedAt: null });

      // What the follower does with it (follow-order.ts checkOpenOrder): the order stays open, asked about again, and
      // keeps the guard's sentence as its reason (readFailureText passes a CurrencyMismatchError's message through).
      const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
      await recordUnknownOutcome(db(), (await findOrder(db(), order.id))!, refused);
      warn.mockRestore();
      const after = (await findOrder(db(), order.id))!;
      expect(after).toMatchObject({ status: "pending", fee: null, completedAt: null, failureMessage: (refused as Error).message });
      expect(after.nextCheckAt).not.toBeNull();
    });
  }
});
