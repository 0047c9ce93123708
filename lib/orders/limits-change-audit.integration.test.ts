import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { updateCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findUserByEmail } from "@/db/queries/users";
import { auditLog } from "@/db/schema/audit";
import { seedDemo } from "@/db/seed";
import { issueCard } from "@/lib/cards/issue-card";
import { requestCardChange } from "@/lib/cards/request-card-change";
import { issueCardSchema } from "@/lib/cards/schemas";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { createRequest } from "@/lib/requests/create-request";
import { createRequestSchema } from "@/lib/requests/schemas";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { followOrderToEnd } from "@/test/follow-order";
import { approveAll, executeToEnd } from "@/test/request-execution";
import { sessionUserFor, TEST_META } from "@/test/session-user";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
let cardepassAccountId = "";

beforeAll(async () => {
  // Long enough that a limits order is still open at the provider when requestCardChange returns.
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 300 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  cardepassAccountId = (await listProviderAccounts(db())).find((account) => account.provider === "cardepass")!.id;
  expect((await refreshAllProducts(db())).failed).toEqual([]);
});
afterAll(async () => sandbox?.close());

/** A live Cardepass ShareBalance card of the employee, issued through the sandbox with these limits (decimal text). */
async function shareBalanceCard(alias: string, perTransactionLimit: string, lifetimeLimit: string): Promise<string> {
  const owner = await findUserByEmail(db(), "employee@demo.test");
  const input = issueCardSchema.parse({ kind: "cardepass-sharebalance", accountId: cardepassAccountId, productId: "DGG0C4JD", currency: "USD", alias, perTransactionLimit, lifetimeLimit, ownerUserId: owner!.id });
  const issued = await issueCard(db(), await sessionUserFor(db(), "finance@demo.test"), TEST_META, input);
  expect((await followOrderToEnd(db(), issued.orderId))?.status).toBe("completed");
  return issued.cardId;
}

/** The one audit row of this action that names this order. */
async function auditRowOf(action: "order.created" | "card.limits_changed", orderId: string) {
  const rows = await db()
    .select({ summary: auditLog.summary })
    .from(auditLog)
    .where(and(eq(auditLog.action, action), sql`${auditLog.summary}->>'orderId' = ${orderId}`));
  expect(rows).toHaveLength(1);
  return rows[0]!.summary as Record<string, unknown>;
}

describe("a limit change's audit rows say the limits before and after", () => {
  it("records the card's limits before the change on order.created, and before and after on card.limits_changed", async () => {
    const cardId = await shareBalanceCard("Ads", "50", "500");
    const finance = await sessionUserFor(db(), "finance@demo.test");
    const result = await requestCardChange(db(), finance, TEST_META, cardId, { type: "limits", perTransactionLimit: "80", lifetimeLimit: "" });
    expect((await followOrderToEnd(db(), result.orderId))?.status).toBe("completed");

    expect(await auditRowOf("order.created", result.orderId)).toMatchObject({
      type: "limits",
      perTransaction: "8000",
      lifetime: null,
      currency: "USD",
      before: { perTransaction: "5000", lifetime: "50000" },
    });
    expect(await auditRowOf("card.limits_changed", result.orderId)).toMatchObject({
      type: "limits",
      currency: "USD",
      before: { perTransaction: "5000", lifetime: "50000" },
      after: { perTransaction: "8000", lifetime: null },
    });
  });

  it("keeps the limits as they were when the change was placed, though a card sync stored the new ones before it completed", async () => {
    const cardId = await shareBalanceCard("Travel", "20", "200");
    const finance = await sessionUserFor(db(), "finance@demo.test");
    const result = await requestCardChange(db(), finance, TEST_META, cardId, { type: "limits", perTransactionLimit: "30", lifetimeLimit: "300" });
    expect(result.status).toBe("pending");
    // What a sync reading the provider meanwhile would store once the provider has applied the change.
    await updateCard(db(), cardId, { limitPerTransaction: 3_000n, limitLifetime: 30_000n });
    expect((await followOrderToEnd(db(), result.orderId))?.status).toBe("completed");

    expect(await auditRowOf("card.limits_changed", result.orderId)).toMatchObject({
      before: { perTransaction: "2000", lifetime: "20000" },
      after: { perTransaction: "3000", lifetime: "30000" },
    });
  });

  it("records the same on both rows when an approved limit-increase request is carried out", async () => {
    const cardId = await shareBalanceCard("Software", "40", "400");
    const employee = await sessionUserFor(db(), "employee@demo.test");
    const input = createRequestSchema.parse({ kind: "limit_increase", cardId, perTransactionLimit: "60", lifetimeLimit: "900", purpose: "More software seats" });
    const { requestId } = await createRequest(db(), employee, TEST_META, input);
    await approveAll(db(), requestId);
    const done = await executeToEnd(db(), requestId);
    expect(done.status).toBe("done");

    expect(await auditRowOf("order.created", done.orderId!)).toMatchObject({
      perTransaction: "6000",
      lifetime: "90000",
      currency: "USD",
      before: { perTransaction: "4000", lifetime: "40000" },
    });
    expect(await auditRowOf("card.limits_changed", done.orderId!)).toMatchObject({
      currency: "USD",
      before: { perTransaction: "4000", lifetime: "40000" },
      after: { perTransaction: "6000", lifetime: "90000" },
    });
  });
});
