import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { findCard, updateCard } from "@/db/queries/card-updates";
import { findRequest, listRequestEvents } from "@/db/queries/requests";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { auditLog } from "@/db/schema/audit";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { seedDemo } from "@/db/seed";
import { ActionError } from "@/lib/actions/result";
import { reassignCard } from "@/lib/cards/edit-card";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { approveAll, executeToEnd } from "@/test/request-execution";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { createRequest } from "./create-request";
import { executeRequest } from "./execute-request";
import { retryRequest } from "./retry-request";
import { createRequestSchema } from "./schemas";
import { teamIdNamed } from "@/test/team-named";

// pg-boss is not running here: the jobs the code enqueues are dropped, and the tests drive the executor themselves.
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
let cardepassAccountId = "";
let marketingTeamId = "";

type SandboxState = {
  cardepass: { funding: { available: string }; cards: { cardId: string; balance: string }[]; orders: { customerOrderNo: string | null; orderType: string }[] };
};
const sandboxState = async () => (await (await fetch(`${sandbox.url}/_sandbox/state`)).json()) as SandboxState;
const setSandboxFunding = (available: string) =>
  fetch(`${sandbox.url}/_sandbox/funding`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ provider: "cardepass", available }) });

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 40 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  cardepassAccountId = (await listProviderAccounts(db())).find((account) => account.provider === "cardepass")!.id;
  marketingTeamId = await teamIdNamed(db(), "Marketing");
  expect((await refreshAllProducts(db())).failed).toEqual([]);
});
afterAll(async () => sandbox?.close());

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);

/** What the provider holds for the card and how many top-ups it was ever sent: what a refused retry must leave alone. */
async function atProvider(providerCardId: string) {
  const state = await sandboxState();
  return {
    balance: state.cardepass.cards.find((card) => card.cardId === providerCardId)?.balance,
    topUpsSent: state.cardepass.orders.filter((order) => order.orderType === "CardTopUp").length,
  };
}

/**
 * Eli's $50 Cardepass card, issued through an approved request, and his $20 top-up for it, approved by his manager,
 * that the provider refused: the funding account was empty when it was sent. The funding is back afterwards, so a
 * retry that reached the provider now would load the money.
 */
async function failedTopUp(alias: string) {
  const employee = await as("employee");
  const issue = createRequestSchema.parse({
    kind: "new_card",
    purpose: "Conference travel",
    card: { kind: "cardepass-standard", accountId: cardepassAccountId, productId: "DGG0C4JD", currency: "USD", alias, initialAmount: "50", tags: [] },
  });
  const issueId = (await createRequest(db(), employee, TEST_META, issue)).requestId;
  await approveAll(db(), issueId);
  const cardId = (await executeToEnd(db(), issueId)).cardId!;
  const providerCardId = (await findCard(db(), cardId))!.providerCardId!;

  const funding = (await sandboxState()).cardepass.funding.available;
  await setSandboxFunding("0.00");
  const { requestId } = await createRequest(db(), employee, TEST_META, createRequestSchema.parse({ kind: "top_up", cardId, amount: "20", purpose: "More travel" }));
  await approveAll(db(), requestId);
  expect(await executeToEnd(db(), requestId)).toMatchObject({ status: "failed", beneficiaryUserId: employee.id, teamId: employee.teamIds[0] });
  await setSandboxFunding(funding);
  return { cardId, providerCardId, requestId };
}

/**
 * A retry refused: nothing was sent, and the request is as it was, failed, with no retry on its timeline or in the log.
 * `instead` is what the message tells finance to do.
 */
async function expectRefusedRetry(requestId: string, providerCardId: string, message: RegExp, instead = /file a new request/i) {
  const before = await atProvider(providerCardId);
  const attempt = await retryRequest(db(), await as("finance2"), TEST_META, { requestId }).then(
    (result) => result,
    (error: unknown) => error,
  );
  // Whatever the retry answered, the worker runs as it would after it.
  await executeRequest(db(), requestId);
  expect(await atProvider(providerCardId)).toEqual(before);
  expect(attempt).toBeInstanceOf(ActionError);
  expect(attempt).toMatchObject({ code: "conflict", message: expect.stringMatching(message) });
  expect((attempt as ActionError).message).toMatch(instead);
  expect(await findRequest(db(), requestId)).toMatchObject({ status: "failed", executionAttempt: 1 });
  expect((await listRequestEvents(db(), requestId)).map((event) => event.type)).not.toContain("retried");
  const [retried] = await db().select({ value: count() }).from(auditLog).where(and(eq(auditLog.action, "request.retried"), eq(auditLog.targetId, requestId)));
  expect(retried!.value).toBe(0);
}

describe("retrying a failed card request", () => {
  it("is refused once the card was reassigned to someone else: Eli's approved top-up never reaches the card Emma now holds", async () => {
    const { cardId, providerCardId, requestId } = await failedTopUp("Handed over");
    // Reassigning withdraws only the card's open requests: the failed one stays, and finance can still press Retry.
    await reassignCard(db(), await as("finance"), TEST_META, { cardId, ownerUserId: (await as("employee2")).id });
    expect(await findRequest(db(), requestId)).toMatchObject({ status: "failed" });

    await expectRefusedRetry(requestId, providerCardId, /changed hands/);
  });

  it("is refused once the card moved to another team, whose manager never approved it", async () => {
    const { cardId, providerCardId, requestId } = await failedTopUp("Moved team");
    await reassignCard(db(), await as("finance"), TEST_META, { cardId, ownerUserId: (await as("employee")).id, teamId: marketingTeamId });

    await expectRefusedRetry(requestId, providerCardId, /another team/);
  });

  it("is refused while the card is frozen, since only an active card can be topped up", async () => {
    const { cardId, providerCardId, requestId } = await failedTopUp("Frozen since");
    await updateCard(db(), cardId, { status: "frozen" });

    await expectRefusedRetry(requestId, providerCardId, /cannot be topped up/);
  });

  it("is refused once the card was cancelled", async () => {
    const { cardId, providerCardId, requestId } = await failedTopUp("Cancelled since");
    await updateCard(db(), cardId, { status: "cancelled" });

    await expectRefusedRetry(requestId, providerCardId, /was cancelled/);
  });

  it("is refused while the card's provider account is disabled, which moves no money, and goes through once it is enabled again", async () => {
    const { providerCardId, requestId } = await failedTopUp("Account disabled since");
    await db().update(providerAccounts).set({ active: false }).where(eq(providerAccounts.id, cardepassAccountId));
    try {
      await expectRefusedRetry(requestId, providerCardId, /provider account is disabled/, /once the account is enabled again/);
    } finally {
      await db().update(providerAccounts).set({ active: true }).where(eq(providerAccounts.id, cardepassAccountId));
    }
    await retryRequest(db(), await as("finance2"), TEST_META, { requestId });
    expect(await executeToEnd(db(), requestId)).toMatchObject({ status: "done" });
  });

  it("is refused once the provider no longer knows the card (marked Not found at provider)", async () => {
    const { cardId, providerCardId, requestId } = await failedTopUp("Unknown at provider since");
    await updateCard(db(), cardId, { providerMissingSince: new Date() });

    await expectRefusedRetry(requestId, providerCardId, /no longer knows this card/, /cannot be retried/);
  });

  it("still goes through on the same holder's unchanged card, and loads the money approved for it", async () => {
    const { cardId, providerCardId, requestId } = await failedTopUp("Unchanged");
    const before = await atProvider(providerCardId);

    await retryRequest(db(), await as("finance2"), TEST_META, { requestId });
    expect(await executeToEnd(db(), requestId)).toMatchObject({ status: "done" });

    expect(await atProvider(providerCardId)).toEqual({ balance: "70.00", topUpsSent: before.topUpsSent + 1 });
    expect(before.balance).toBe("50.00");
    expect((await findCard(db(), cardId))?.balance).toBe(7000n);
  });
});
