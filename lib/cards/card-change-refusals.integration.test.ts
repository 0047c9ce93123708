import { count, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { findCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findUserByEmail } from "@/db/queries/users";
import { providerOrders } from "@/db/schema/provider-orders";
import { seedDemo } from "@/db/seed";
import { ActionError } from "@/lib/actions/result";
import type { SessionUser } from "@/lib/auth/session-user";
import { refreshAllFunding } from "@/lib/funding/refresh-funding";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { followOrderToEnd } from "@/test/follow-order";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { issueCard } from "./issue-card";
import { requestCardChange, type CardChange } from "./request-card-change";
import { issueCardSchema } from "./schemas";
import { syncCard } from "./sync-card";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
let cardepassAccountId: string;
let finance: SessionUser;
let ownerUserId: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 20 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  expect((await refreshAllProducts(db())).failed).toEqual([]);
  expect((await refreshAllFunding(db())).failed).toEqual([]);
  cardepassAccountId = (await listProviderAccounts(db())).find((account) => account.provider === "cardepass")!.id;
  finance = await sessionUserFor(db(), "finance@demo.test");
  ownerUserId = (await findUserByEmail(db(), "employee@demo.test"))!.id;
});
afterAll(async () => sandbox?.close());
afterEach(() => vi.restoreAllMocks());

async function issue(input: Record<string, string>): Promise<string> {
  const issued = await issueCard(db(), finance, TEST_META, issueCardSchema.parse({ ...input, accountId: cardepassAccountId, ownerUserId, currency: "USD" }));
  expect((await followOrderToEnd(db(), issued.orderId))?.status).toBe("completed");
  return issued.cardId;
}

async function change(cardId: string, request: CardChange): Promise<void> {
  const placed = await requestCardChange(db(), finance, TEST_META, cardId, request);
  expect((await followOrderToEnd(db(), placed.orderId))?.status).toBe("completed");
}

async function ordersOf(cardId: string): Promise<number> {
  const [row] = await db().select({ value: count() }).from(providerOrders).where(eq(providerOrders.cardId, cardId));
  return row!.value;
}

/** The change is refused on its field, nothing is written and nothing reaches the provider. */
async function expectRefusedBeforeSending(cardId: string, request: CardChange, fields: Record<string, string>): Promise<void> {
  const ordersBefore = await ordersOf(cardId);
  const fetchSpy = vi.spyOn(globalThis, "fetch");
  const refused = await requestCardChange(db(), finance, TEST_META, cardId, request).catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(ActionError);
  expect(refused).toMatchObject({ code: "invalid_input", fields });
  expect(fetchSpy).not.toHaveBeenCalled();
  expect(await ordersOf(cardId)).toBe(ordersBefore);
}

describe("a change the card cannot carry is refused on its field before the provider hears of it", () => {
  it("a Cardepass withdrawal within the balance whose fee would take more than the card holds", async () => {
    const cardId = await issue({ kind: "cardepass-standard", productId: "0BN03HNK", alias: "Fee on withdrawal", initialAmount: "10" });
    // The first withdrawal teaches the product's withdrawal fee (cardepass-v1.md: $0.10, taken off the card).
    await change(cardId, { type: "withdraw", amount: "1" });
    const balance = (await findCard(db(), cardId))!.balance!;
    expect(balance).toBe(1_000n - 100n - 10n);

    await expectRefusedBeforeSending(cardId, { type: "withdraw", amount: "8.85" }, {
      amount: "With its 0.10 USD fee this takes 8.95 USD off the card, which holds 8.90 USD.",
    });
  });

  it("a ShareBalance lifetime limit below what the card has already spent", async () => {
    const cardId = await issue({ kind: "cardepass-sharebalance", productId: "DGG0C4JD", alias: "Spent already", perTransactionLimit: "100", lifetimeLimit: "1000" });
    const card = (await findCard(db(), cardId))!;
    const purchase = await fetch(`${sandbox.url}/_sandbox/purchase`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ provider: "cardepass", cardId: card.providerCardId, amount: "80.00", currency: "USD", merchant: "FIGMA", settle: true }),
    });
    expect(await purchase.json()).toMatchObject({ approved: true });
    await syncCard(db(), cardId);
    expect((await findCard(db(), cardId))!.limitUsed).toBe(8_000n);

    await expectRefusedBeforeSending(cardId, { type: "limits", perTransactionLimit: "50", lifetimeLimit: "60" }, {
      lifetimeLimit: "The card has already spent 80.00 USD; the lifetime limit cannot be lower.",
    });
  });
});
