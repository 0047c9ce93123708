/**
 * Carrying out an approved activation request through the order path, against the sandbox over HTTP: the card is
 * activated at the provider and in Cardhub, and a card that no longer waits for activation fails the request with the
 * reason, as an unfreeze does.
 */
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { findCard, insertCard, updateCard } from "@/db/queries/card-updates";
import { findOrder } from "@/db/queries/provider-orders";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findRequest, listRequestEvents } from "@/db/queries/requests";
import { auditLog } from "@/db/schema/audit";
import { cards } from "@/db/schema/cards";
import { notifications } from "@/db/schema/notifications";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { ACCOUNT_DISABLED_REASON } from "@/lib/cards/card-actions";
import { reassignCard } from "@/lib/cards/edit-card";
import { NOT_FOUND_AT_PROVIDER_REASON } from "@/lib/cards/provider-missing-label";
import { requestCardChange } from "@/lib/cards/request-card-change";
import { syncAllCards } from "@/lib/cards/sync-account-cards";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { cardopenapiPost } from "@/sandbox/test-support/clients";
import { withTestDatabase } from "@/test/database";
import { followOrderToEnd } from "@/test/follow-order";
import { approveAll, executeToEnd } from "@/test/request-execution";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { createRequest } from "./create-request";
import { executeRequest } from "./execute-request";
import { failureOrigin } from "./failure-origin";
import { retryRequest } from "./retry-request";
import { createRequestSchema } from "./schemas";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
/** The sandbox seeds this Card OPEN-API card issued but not activated (status 1, use_at ""), holding 100.00 USD. */
const INACTIVE = "5f1d0c9e8b7a6f5e4d3c2b1a00000005";
let cardId = "";

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);

/** The card's status at the provider, read from the sandbox over HTTP (1 not activated, 2 active). */
const statusAtProvider = async () => ((await (await cardopenapiPost(sandbox.url, "/card/cardDetail", { card_id: INACTIVE })).json()) as { data: { status: number } }).data.status;

/** The sandbox back to its seed, where the card is not activated yet, and Cardhub reading it so. */
async function inactiveAgain(): Promise<void> {
  await fetch(`${sandbox.url}/_sandbox/reset`, { method: "POST" });
  await syncAllCards(db());
  expect(await findCard(db(), cardId)).toMatchObject({ status: "inactive" });
}

async function approvedActivation(user: SessionUser, id = cardId): Promise<string> {
  const { requestId } = await createRequest(db(), user, TEST_META, createRequestSchema.parse({ kind: "activate", cardId: id, purpose: "Starting on the road next week" }));
  await approveAll(db(), requestId);
  expect(await findRequest(db(), requestId)).toMatchObject({ status: "approved" });
  return requestId;
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 30 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  await syncAllCards(db());
  const [imported] = await db().select().from(cards).where(eq(cards.providerCardId, INACTIVE));
  expect(imported).toMatchObject({ status: "inactive", ownerUserId: null });
  cardId = imported!.id;
  // An imported company card is unassigned: finance gives it to the employee, who then asks for it to be activated.
  await reassignCard(db(), await as("finance"), TEST_META, { cardId, ownerUserId: (await as("employee")).id });
});
afterAll(async () => sandbox?.close());

describe("carrying out an approved activation request", () => {
  it("activates the card at the provider, under the request's key, and Cardhub reads it active", async () => {
    expect(await statusAtProvider()).toBe(1);
    const employee = await as("employee");
    const requestId = await approvedActivation(employee);
    expect(await executeToEnd(db(), requestId)).toMatchObject({ status: "done", orderId: requestId });
    expect(await findOrder(db(), requestId)).toMatchObject({ type: "activate", status: "completed", cardId });
    expect(await statusAtProvider()).toBe(2);
    expect(await findCard(db(), cardId)).toMatchObject({ status: "active", providerStatus: "2", ownerUserId: employee.id });
    expect((await listRequestEvents(db(), requestId)).map((event) => event.type)).toEqual(["created", "approved", "executing", "executed"]);
    const [executed] = await db().select({ value: count() }).from(auditLog).where(and(eq(auditLog.action, "request.executed"), eq(auditLog.targetId, requestId)));
    expect(executed!.value).toBe(1);
    const [done] = await db().select().from(notifications).where(and(eq(notifications.recipientUserId, employee.id), eq(notifications.kind, "request.done"), eq(notifications.href, `/requests/${requestId}`)));
    expect(done).toMatchObject({ body: expect.stringMatching(/^Activate a card · “[^”]+”$/) });
  });

  it("is withdrawn as no longer needed, sending nothing, once finance activated the card meanwhile; its holder is told so, not that it failed", async () => {
    await inactiveAgain();
    const employee = await as("employee");
    const requestId = await approvedActivation(employee);
    const finance2 = await as("finance2");
    const direct = await requestCardChange(db(), finance2, TEST_META, cardId, { type: "activate" });
    expect(await followOrderToEnd(db(), direct.orderId)).toMatchObject({ status: "completed" });
    // The activation's end withdrew it in the name of who activated the card; the executor then has nothing to do.
    expect((await executeRequest(db(), requestId)).request).toMatchObject({ status: "cancelled", failureMessage: null });
    expect(await findOrder(db(), requestId)).toBeNull();
    expect((await listRequestEvents(db(), requestId)).at(-1)).toMatchObject({ type: "cancelled", actorUserId: finance2.id, comment: "Withdrawn: The card is already active, so this request is no longer needed." });
    const told = await db().select().from(notifications).where(and(eq(notifications.recipientUserId, employee.id), eq(notifications.href, `/requests/${requestId}`)));
    expect(told.map((notice) => notice.kind)).toContain("request.withdrawn");
    expect(told.map((notice) => notice.kind)).not.toContain("request.failed");
    await expect(retryRequest(db(), await as("finance"), TEST_META, { requestId })).rejects.toMatchObject({ code: "conflict", message: "Only a failed request can be retried." });
  });

  it("fails with the provider's refusal when the card was activated at the provider behind Cardhub's back", async () => {
    await inactiveAgain();
    const requestId = await approvedActivation(await as("employee"));
    expect((await (await cardopenapiPost(sandbox.url, "/card/cardActive", { card_id: INACTIVE })).json()) as { code: number }).toMatchObject({ code: 0 });
    const failed = await executeToEnd(db(), requestId);
    expect(failed).toMatchObject({ status: "failed", failureMessage: expect.stringMatching(/status does not allow this operation/) });
    expect(await failureOrigin(db(), failed)).toBe("provider");
    expect(await statusAtProvider()).toBe(2);
  });
});

describe("an approved activation request whose card can no longer take it", () => {
  /** A card of the employee's written straight into the table: none of these requests may reach the provider. */
  async function employeeInactiveCard(alias: string): Promise<string> {
    const employee = await as("employee");
    const account = (await listProviderAccounts(db())).find((row) => row.provider === "cardopenapi")!;
    return (
      await insertCard(db(), {
        organizationId: employee.organizationId,
        providerAccountId: account.id,
        providerCardId: `never-sent-${alias}`,
        cardModel: "prepaid",
        ownerUserId: employee.id,
        teamId: employee.teamIds[0] ?? null,
        alias,
        currency: "USD",
        status: "inactive",
        balance: 5_000n,
      })
    ).id;
  }

  it("is withdrawn when the card was cancelled meanwhile", async () => {
    const id = await employeeInactiveCard("Cancelled meanwhile");
    const requestId = await approvedActivation(await as("employee"), id);
    await updateCard(db(), id, { status: "cancelled" });
    expect((await executeRequest(db(), requestId)).request).toMatchObject({ status: "cancelled" });
    expect(await findOrder(db(), requestId)).toBeNull();
  });

  it("fails with the reason when the provider no longer knows the card, and is not retried", async () => {
    const id = await employeeInactiveCard("Missing meanwhile");
    const requestId = await approvedActivation(await as("employee"), id);
    await updateCard(db(), id, { providerMissingSince: new Date() });
    expect(await executeToEnd(db(), requestId)).toMatchObject({ status: "failed", failureMessage: NOT_FOUND_AT_PROVIDER_REASON });
    await expect(retryRequest(db(), await as("finance"), TEST_META, { requestId })).rejects.toMatchObject({ code: "conflict", message: `${NOT_FOUND_AT_PROVIDER_REASON} So this request cannot be retried.` });
  });

  it("fails with the reason when the card's provider account was disabled meanwhile, and is retried only once it is enabled", async () => {
    const id = await employeeInactiveCard("Disabled meanwhile");
    const requestId = await approvedActivation(await as("employee"), id);
    const { providerAccountId } = (await findCard(db(), id))!;
    await db().update(providerAccounts).set({ active: false }).where(eq(providerAccounts.id, providerAccountId));
    try {
      expect(await executeToEnd(db(), requestId)).toMatchObject({ status: "failed", failureMessage: ACCOUNT_DISABLED_REASON });
      expect(await findOrder(db(), requestId)).toBeNull();
      await expect(retryRequest(db(), await as("finance"), TEST_META, { requestId })).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("retry it once the account is enabled again") });
    } finally {
      await db().update(providerAccounts).set({ active: true }).where(eq(providerAccounts.id, providerAccountId));
    }
  });
});
