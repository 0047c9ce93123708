/**
 * A retry carries a failed request out on the approvals it already has. Once one of those lapsed (its approver no longer
 * holds the step's role) or the person it is by or for is deactivated, it could only fail again before anything is sent,
 * so finance's retry is refused with the reason instead of being reported as sent. And a failure Cardhub decides when
 * an attempt starts (the approval lapsed after the retry) names no order: not the earlier attempt's, which the provider
 * refused, so the request page does not call it the provider's refusal and its audit row does not tie it to that order.
 */
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findOrder } from "@/db/queries/provider-orders";
import { findRequest, listRequestEvents, type CardRequestRow } from "@/db/queries/requests";
import { auditLog } from "@/db/schema/audit";
import { teamMemberships } from "@/db/schema/teams";
import { users } from "@/db/schema/users";
import { seedDemo } from "@/db/seed";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { approveAll, executeToEnd } from "@/test/request-execution";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { createRequest } from "./create-request";
import { executionKey } from "./execution-key";
import { failureOrigin } from "./failure-origin";
import { retryRequest } from "./retry-request";
import { createRequestSchema } from "./schemas";

// pg-boss is not running here: the jobs the code enqueues are dropped, and the tests drive the executor themselves.
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
let cardepassAccountId = "";

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 40 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  cardepassAccountId = (await listProviderAccounts(db())).find((account) => account.provider === "cardepass")!.id;
  expect((await refreshAllProducts(db())).failed).toEqual([]);
  // The provider's refusal of the first attempt is logged as an error.
  vi.spyOn(console, "error").mockImplementation(() => undefined);
});
afterAll(async () => sandbox?.close());

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);

const LAPSED = "Omar Operations, who approved step 1 as the team's manager, no longer manages this team, so that approval no longer counts.";

/**
 * The employee's new card with a first load the funding account cannot cover, approved by the manager and finance:
 * the provider refuses the first attempt (its order fails), so a retry is a second attempt under a key of its own.
 */
async function refusedByProvider(): Promise<CardRequestRow> {
  const input = createRequestSchema.parse({
    kind: "new_card",
    purpose: "Conference travel",
    card: { kind: "cardepass-standard", accountId: cardepassAccountId, productId: "DGG0C4JD", currency: "USD", alias: "Too big", initialAmount: "9999999", tags: [] },
  });
  const { requestId } = await createRequest(db(), await as("employee"), TEST_META, input);
  await approveAll(db(), requestId);
  const failed = await executeToEnd(db(), requestId);
  expect(failed.status).toBe("failed");
  expect(await failureOrigin(db(), failed)).toBe("provider");
  return failed;
}

/** The manager stops (or starts again) managing the employee's team, as an administrator's change leaves it. */
async function managerManages(isManager: boolean): Promise<void> {
  const [manager, employee] = [await as("manager"), await as("employee")];
  await db().update(teamMemberships).set({ isManager }).where(and(eq(teamMemberships.userId, manager.id), eq(teamMemberships.teamId, employee.teamIds[0]!)));
}

const setActive = (email: string, active: boolean) => db().update(users).set({ active }).where(eq(users.email, email));

const retryByFinance2 = async (requestId: string) => retryRequest(db(), await as("finance2"), TEST_META, { requestId });

async function expectNotRetried(request: CardRequestRow): Promise<void> {
  expect(await findRequest(db(), request.id)).toMatchObject({ status: "failed", executionAttempt: 1, failureMessage: request.failureMessage });
  expect((await listRequestEvents(db(), request.id)).map((event) => event.type)).not.toContain("retried");
  expect(await db().select().from(auditLog).where(and(eq(auditLog.action, "request.retried"), eq(auditLog.targetId, request.id)))).toEqual([]);
}

describe("retrying a failed request whose approvals no longer stand", () => {
  it("is refused with the reason once the manager who approved it no longer manages the team; the request stays failed", async () => {
    const request = await refusedByProvider();
    await managerManages(false);
    try {
      await expect(retryByFinance2(request.id)).rejects.toMatchObject({
        code: "conflict",
        message: `${LAPSED} So it cannot be retried: have it filed again.`,
      });
      await expectNotRetried(request);
    } finally {
      await managerManages(true);
    }
  });

  it("is refused with the reason while the person it is for is deactivated; the request stays failed", async () => {
    const request = await refusedByProvider();
    await setActive("employee@demo.test", false);
    try {
      await expect(retryByFinance2(request.id)).rejects.toMatchObject({
        code: "conflict",
        message: "The person this request is for has been deactivated, so it can no longer be approved or carried out.",
      });
      await expectNotRetried(request);
    } finally {
      await setActive("employee@demo.test", true);
    }
  });
});

describe("a retried request that Cardhub stops before sending anything", () => {
  it("is shown as stopped by Cardhub, and its audit row names no earlier attempt's order", async () => {
    const request = await refusedByProvider();
    expect(await retryByFinance2(request.id)).toEqual({ status: "approved", orderKey: executionKey(request.id, 2) });
    // The approval lapses after the retry was accepted, before the executor starts the attempt.
    await managerManages(false);
    try {
      const second = await executeToEnd(db(), request.id);

      expect(second).toMatchObject({ status: "failed", executionAttempt: 2, orderId: null });
      expect(second.failureMessage).toBe(`${LAPSED} The request was not carried out; it can be filed again.`);
      expect(await findOrder(db(), executionKey(request.id, 2))).toBeNull();
      expect(await failureOrigin(db(), second)).toBe("cardhub");
      const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, "request.failed"), eq(auditLog.targetId, request.id))).orderBy(desc(auditLog.id)).limit(1);
      expect(audit?.summary).toMatchObject({ attempt: 2 });
      expect(audit?.summary).not.toHaveProperty("orderId");
    } finally {
      await managerManages(true);
    }
  });
});
