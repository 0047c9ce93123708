/**
 * Funding balances are for funding.view holders (finance, auditors, admins). A request the funding account cannot
 * cover fails with a reason that names no balance wherever requesters and team managers read it (the request, its
 * timeline, their notifications, the team-tagged audit row); finance is told the figures in a notification of its own.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findRequest, listRequestEvents } from "@/db/queries/requests";
import { auditLog } from "@/db/schema/audit";
import { notifications } from "@/db/schema/notifications";
import { can } from "@/lib/auth/permissions";
import { issueCard } from "@/lib/cards/issue-card";
import { issueCardSchema } from "@/lib/cards/schemas";
import { refreshAllFunding } from "@/lib/funding/refresh-funding";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { withTestDatabase } from "@/test/database";
import { followOrderToEnd } from "@/test/follow-order";
import { approveAll, executeToEnd } from "@/test/request-execution";
import { withSeededSandbox } from "@/test/seeded-sandbox";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { createRequest } from "./create-request";
import { approveRequest } from "./decide-request";
import { approveRequestSchema, createRequestSchema } from "./schemas";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
const sandbox = withSeededSandbox(db, { syncCards: false });
const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);
const accountIds: Record<string, string> = {};

beforeAll(async () => {
  for (const account of await listProviderAccounts(db())) accountIds[account.provider] = account.id;
  await refreshAllProducts(db());
});

async function noticesAbout(requestId: string, email: string) {
  const person = await as(email);
  const rows = await db().select().from(notifications).where(eq(notifications.recipientUserId, person.id));
  return rows.filter((row) => row.href === `/requests/${requestId}`).map((row) => `${row.title} | ${row.body}`);
}

/** Everything about the request a requester or the team's manager can read, as one text. */
async function whatRequestersRead(requestId: string): Promise<string> {
  const request = await findRequest(db(), requestId);
  const events = await listRequestEvents(db(), requestId);
  const audited = await db().select().from(auditLog).where(and(eq(auditLog.targetId, requestId), eq(auditLog.action, "request.failed")));
  expect(audited.every((row) => row.teamId === request!.teamId)).toBe(true);
  return [
    request!.failureMessage,
    ...events.map((event) => event.comment),
    ...(await noticesAbout(requestId, "employee")),
    ...(await noticesAbout(requestId, "manager")),
    ...audited.map((row) => JSON.stringify(row.summary)),
  ].join("\n");
}

describe("a request the funding account cannot cover", () => {
  it("fails a top-up with a reason that names no balance, and tells finance the figures", async () => {
    const employee = await as("employee");
    expect(can(employee, "funding.view")).toBe(false);
    expect(can(await as("manager"), "funding.view")).toBe(false);
    const issued = await issueCard(db(), await as("finance"), TEST_META, issueCardSchema.parse({ kind: "cardopenapi", accountId: accountIds.cardopenapi, productId: "cpi_6530de6a2f1c7", ownerUserId: employee.id, alias: "Travel", initialAmount: "20" }));
    expect((await followOrderToEnd(db(), issued.orderId))?.status).toBe("completed");
    const res = await fetch(`${sandbox().url}/_sandbox/funding`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ provider: "cardopenapi", available: "12.34" }) });
    expect(res.status).toBe(200);
    await refreshAllFunding(db());

    const filed = await createRequest(db(), employee, TEST_META, createRequestSchema.parse({ kind: "top_up", cardId: issued.cardId, amount: "50", purpose: "Conference" }));
    await approveAll(db(), filed.requestId);
    const done = await executeToEnd(db(), filed.requestId);

    expect(done.status).toBe("failed");
    const read = await whatRequestersRead(filed.requestId);
    expect(read).not.toContain("12.34");
    expect(read).not.toMatch(/funding balance that pays/i);
    expect(done.failureMessage).toBe(
      "The company's funding account could not cover this top-up when it was carried out. Finance has been told; once the account is topped up, finance can retry this request.",
    );
    const failedNotice = (await noticesAbout(filed.requestId, "employee")).find((notice) => notice.startsWith("Your request failed | Top-up of $50.00 · “"));
    expect(failedNotice?.endsWith(`”: ${done.failureMessage}`)).toBe(true);

    // Finance, who may see funding, is told the figures and what to do.
    for (const who of ["finance", "finance2"]) {
      const told = await noticesAbout(filed.requestId, who);
      expect(told.some((notice) => notice.includes("The funding balance that pays is $12.34") && notice.includes("this top-up needs $50.75 with its $0.75 fee"))).toBe(true);
    }
  });

  it("takes an employee's NobePay card request above its BIN's balance without naming the balance, and fails it at execution the same way", async () => {
    const employee = await as("employee");
    const card = { kind: "nobepay", accountId: accountIds.nobepay, productId: "v_7a21c9", alias: "SaaS", holderFirstName: "Eli", holderLastName: "Employee", street: "1 Main St", city: "Austin", state: "TX", zipCode: "73301", initialAmount: "700" };
    // The BIN's account holds $500.00 (as the products refresh read it); filing asks nothing about it.
    const filed = await createRequest(db(), employee, TEST_META, createRequestSchema.parse({ kind: "new_card", purpose: "SaaS", card }));

    // The manager lowers the amount, still above the BIN's balance: nothing tells them the balance either.
    const step = (await findRequest(db(), filed.requestId))!.currentStep;
    await approveRequest(db(), await as("manager"), TEST_META, approveRequestSchema.parse({ requestId: filed.requestId, step, amount: "600" }));
    await approveAll(db(), filed.requestId);
    const done = await executeToEnd(db(), filed.requestId);

    expect(done.status).toBe("failed");
    const read = await whatRequestersRead(filed.requestId);
    expect(read).not.toContain("$500.00");
    expect(read).not.toMatch(/account holds/i);
    expect(done.failureMessage).toBe(
      "The company's funding account could not cover this card's first top-up when it was carried out. Finance has been told; once the account is topped up, finance can retry this request.",
    );
    expect((await noticesAbout(filed.requestId, "finance")).some((notice) => notice.includes("The BIN's account holds only $500.00."))).toBe(true);
  });

  it("still refuses finance issuing above the BIN's balance with the figure on the field", async () => {
    const finance = await as("finance");
    const employee = await as("employee");
    const input = issueCardSchema.parse({ kind: "nobepay", accountId: accountIds.nobepay, productId: "v_7a21c9", ownerUserId: employee.id, alias: "SaaS", holderFirstName: "Eli", holderLastName: "Employee", street: "1 Main St", city: "Austin", state: "TX", zipCode: "73301", initialAmount: "600" });
    await expect(issueCard(db(), finance, TEST_META, input)).rejects.toMatchObject({ fields: { initialAmount: "The BIN's account holds only $500.00." } });
  });
});
