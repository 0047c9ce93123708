/**
 * A withdrawal refused because the card's provider offers none says so, not that the card holds nothing (review
 * races47, L2): the action is withheld for both reasons (availableCardActions), and a stale dialog or a direct call
 * meets the refusal. Card OPEN-API's table of contents names no withdrawal endpoint (cardopenapi-provider.ts).
 */
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { providerOrders } from "@/db/schema/provider-orders";
import { seedDemo } from "@/db/seed";
import { ActionError } from "@/lib/actions/result";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { activeCardOf, shareBalanceCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { updateCard } from "@/db/queries/card-updates";
import { requestCardChange } from "./request-card-change";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
const accountIds: Record<string, string> = {};

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  for (const account of await listProviderAccounts(db())) accountIds[account.provider] = account.id;
});
afterAll(async () => sandbox?.close());

async function refusal(cardId: string): Promise<unknown> {
  const finance = await sessionUserFor(db(), "finance@demo.test");
  const refused = await requestCardChange(db(), finance, TEST_META, cardId, { type: "withdraw", amount: "5" }).catch((error: unknown) => error);
  const [orders] = await db().select({ value: count() }).from(providerOrders).where(eq(providerOrders.cardId, cardId));
  expect(orders!.value).toBe(0);
  expect(refused).toBeInstanceOf(ActionError);
  return refused;
}

describe("a withdrawal the card cannot take is refused with the true reason", () => {
  it("a Card OPEN-API card holding $30.00: its provider offers no withdrawal", async () => {
    const employee = await sessionUserFor(db(), "employee@demo.test");
    const cardId = await activeCardOf(db(), { user: employee, providerAccountId: accountIds.cardopenapi! });
    await updateCard(db(), cardId, { balance: 3_000n });
    expect(await refusal(cardId)).toMatchObject({ code: "conflict", message: "Card OPEN-API offers no withdrawal from a card." });
  });

  it("a Cardepass ShareBalance card: it holds no balance of its own", async () => {
    const employee = await sessionUserFor(db(), "employee@demo.test");
    const cardId = await shareBalanceCardOf(db(), { user: employee, providerAccountId: accountIds.cardepass!, limitLifetime: 50_000n });
    expect(await refusal(cardId)).toMatchObject({ code: "conflict", message: "Cardepass ShareBalance cards hold no balance to withdraw." });
  });

  it("a card whose provider offers withdrawals, holding nothing: there is no balance to withdraw", async () => {
    const employee = await sessionUserFor(db(), "employee@demo.test");
    const cardId = await activeCardOf(db(), { user: employee, providerAccountId: accountIds.nobepay! });
    await updateCard(db(), cardId, { balance: 0n });
    expect(await refusal(cardId)).toMatchObject({ code: "conflict", message: "There is no balance on this card to withdraw." });
  });
});
