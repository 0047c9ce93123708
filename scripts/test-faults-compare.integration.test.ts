import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { findCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { insertOrder } from "@/db/queries/provider-orders";
import { findUserByEmail } from "@/db/queries/users";
import { seedDemo } from "@/db/seed";
import { issueCard } from "@/lib/cards/issue-card";
import { issueCardSchema } from "@/lib/cards/schemas";
import { syncCard } from "@/lib/cards/sync-card";
import { refreshAllFunding } from "@/lib/funding/refresh-funding";
import { performOrder } from "@/lib/orders/order-request";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { providerForAccount } from "@/lib/providers/for-account";
import { eventually } from "@/lib/providers/integration-support";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { followOrderToEnd } from "@/test/follow-order";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { compareWithSandbox, sandboxState } from "./test-faults-compare";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 20 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  expect((await refreshAllProducts(db())).failed).toEqual([]);
  expect((await refreshAllFunding(db())).failed).toEqual([]);
});
afterAll(async () => sandbox?.close());

describe("the fault suite's verdict", () => {
  it("reports a completed Cardepass order the provider holds under no key of ours, though the money adds up", async () => {
    const before = await sandboxState(sandbox.url);
    const finance = await sessionUserFor(db(), "finance@demo.test");
    const owner = await findUserByEmail(db(), "employee@demo.test");
    const accountId = (await listProviderAccounts(db())).find((account) => account.provider === "cardepass")!.id;
    const input = { kind: "cardepass-standard", accountId, ownerUserId: owner!.id, productId: "0BN03HNK", currency: "USD", alias: "Stray key", initialAmount: "30" };
    const issued = await issueCard(db(), finance, TEST_META, issueCardSchema.parse(input));
    expect((await followOrderToEnd(db(), issued.orderId))?.status).toBe("completed");
    const card = (await findCard(db(), issued.cardId))!;

    // A top-up sent under a key other than its order id (a broken idempotency key): a retry of it would move the money
    // twice. Recorded as completed here, and the card read again, so the balances and the order sums all agree.
    const provider = await providerForAccount(db(), accountId);
    const stray = await performOrder(provider, randomUUID(), { type: "topup", amount: "500" }, { providerCardId: card.providerCardId, cardModel: card.cardModel, currency: "USD" });
    expect(stray.status).not.toBe("failed");
    await eventually(async () => ((await provider.getCard(card.providerCardId!)).balance?.amount === 3_500n ? true : undefined));
    const order = await insertOrder(db(), {
      organizationId: finance.organizationId,
      providerAccountId: accountId,
      cardId: card.id,
      type: "topup",
      status: "completed",
      amount: 500n,
      currency: "USD",
      request: { type: "topup", amount: "500" },
      createdByUserId: finance.id,
      completedAt: new Date(),
    });
    await syncCard(db(), card.id);

    const verdict = await compareWithSandbox(db(), sandbox.url, before);
    expect(verdict.duplicates).toEqual([]);
    expect(verdict.disagreements).toEqual([`Cardepass topup order ${order.id}: completed here, but the provider holds no order under its id`]);
  });
});
