import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { insertCard } from "@/db/queries/card-updates";
import { findRequest } from "@/db/queries/requests";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { auditLog } from "@/db/schema/audit";
import { approvalPolicies } from "@/db/schema/requests";
import { notifications } from "@/db/schema/notifications";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const { createRequestAction } = await import("./create-request");
const { approveRequestAction } = await import("./approve-request");
const { rejectRequestAction } = await import("./reject-request");
const { cancelRequestAction } = await import("./cancel-request");
const { retryRequestAction } = await import("./retry-request");
const { updateApprovalPolicyAction } = await import("./update-approval-policy");
const { markNotificationsReadAction } = await import("@/lib/actions/notifications/mark-notifications-read");

const database = withTestDatabase();
const db = () => database.db();
let cardId = "";

async function newCard(): Promise<string> {
  const employee = await sessionUserFor(db(), "employee@demo.test");
  const account = (await listProviderAccounts(db())).find((row) => row.provider === "cardopenapi")!;
  return (await insertCard(db(), { organizationId: employee.organizationId, providerAccountId: account.id, cardModel: "prepaid", ownerUserId: employee.id, teamId: employee.teamIds[0], alias: "Eli's card", currency: "USD", status: "active", balance: 1000n })).id;
}

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  cardId = await newCard();
});

const signIn = async (who: string | null) => (session.user = who ? await sessionUserFor(db(), `${who}@demo.test`) : null);
const lastDenial = async (email: string) =>
  (await db().select().from(auditLog).where(and(eq(auditLog.actorEmail, email), eq(auditLog.outcome, "denied"))).orderBy(desc(auditLog.id)).limit(1))[0];

async function fileTopUp(amount = "25"): Promise<string> {
  await signIn("employee");
  const result = await createRequestAction({ kind: "top_up", cardId: await newCard(), amount, purpose: "Taxis this week" });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.data.requestId;
}

describe("request actions go through the guard", () => {
  it("refuses signed-out callers, and auditors and admins who may not request", async () => {
    await signIn(null);
    expect(await createRequestAction({ kind: "top_up", cardId, amount: "5", purpose: "x" })).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    for (const who of ["auditor", "admin"]) {
      await signIn(who);
      expect(await createRequestAction({ kind: "top_up", cardId, amount: "5", purpose: "Taxis" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect(await lastDenial(`${who}@demo.test`)).toMatchObject({ action: "permission.denied", summary: { permission: "card.request" } });
    }
  });

  it("names every bad field at once", async () => {
    await signIn("employee");
    const result = await createRequestAction({ kind: "top_up", cardId, amount: "-3", purpose: "", neededBy: "tomorrow" });
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input", fields: { amount: expect.any(String), purpose: expect.any(String), neededBy: expect.any(String) } } });
  });

  it("refuses a forged self-approval and audits it against the request", async () => {
    const requestId = await fileTopUp();
    await signIn("employee");
    expect(await approveRequestAction({ requestId, step: 0 })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    await signIn("manager2");
    expect(await approveRequestAction({ requestId, step: 0 })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await lastDenial("manager2@demo.test")).toMatchObject({ action: "permission.denied", targetType: "request", targetId: requestId });
    await signIn("manager");
    expect(await approveRequestAction({ requestId, step: 0, amount: "20" })).toMatchObject({ ok: true, data: { status: "approved" } });
    expect((await findRequest(db(), requestId))?.approved).toEqual({ amount: "2000" });
  });

  it("audits a refusal the request rules make, not only the role table's", async () => {
    const colleague = await sessionUserFor(db(), "employee2@demo.test");
    const account = (await listProviderAccounts(db())).find((row) => row.provider === "cardepass")!;
    await signIn("employee");
    const forSomeoneElse = await createRequestAction({
      kind: "new_card",
      beneficiaryUserId: colleague.id,
      purpose: "A card for Emma",
      card: { kind: "cardepass-standard", accountId: account.id, productId: "DGG0C4JD", currency: "USD", alias: "Emma's card", initialAmount: "50", tags: [] },
    });
    expect(forSomeoneElse).toMatchObject({ ok: false, error: { code: "forbidden", message: expect.stringContaining("on someone else's behalf") } });
    expect(await lastDenial("employee@demo.test")).toMatchObject({
      action: "permission.denied",
      summary: { permission: "card.request", reason: "refused", message: expect.stringContaining("on someone else's behalf") },
    });
  });

  it("refuses another organisation's request as not found (no such id here)", async () => {
    await signIn("manager");
    expect(await approveRequestAction({ requestId: crypto.randomUUID(), step: 0 })).toMatchObject({ ok: false, error: { code: "not_found" } });
  });

  it("needs a comment to reject; only the requester cancels; only finance retries", async () => {
    const requestId = await fileTopUp("7");
    await signIn("manager");
    expect(await rejectRequestAction({ requestId, step: 0, comment: "" })).toMatchObject({ ok: false, error: { code: "invalid_input", fields: { comment: expect.any(String) } } });
    expect(await cancelRequestAction({ requestId })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    await signIn("employee");
    expect(await retryRequestAction({ requestId })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await cancelRequestAction({ requestId })).toMatchObject({ ok: true, data: { status: "cancelled" } });
  });

  it("lets only admins edit the policy, validating the threshold on its field", async () => {
    await signIn("finance");
    expect(await updateApprovalPolicyAction({ kind: "top_up", currency: "EUR", threshold: "500" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    await signIn("admin");
    expect(await updateApprovalPolicyAction({ kind: "top_up", currency: "EUR", threshold: "5.001" })).toMatchObject({ ok: false, error: { fields: { threshold: "EUR amounts have at most 2 decimal places." } } });
    expect(await updateApprovalPolicyAction({ kind: "top_up", currency: "eur", threshold: "500" })).toMatchObject({ ok: true, data: { threshold: "50000" } });
    const rows = await db().select().from(approvalPolicies).where(eq(approvalPolicies.currency, "EUR"));
    expect(rows).toHaveLength(1);
  });

  it("marks only the caller's own notifications read", async () => {
    await fileTopUp("3");
    await signIn("employee");
    const manager = await sessionUserFor(db(), "manager@demo.test");
    const [theirs] = await db().select().from(notifications).where(eq(notifications.recipientUserId, manager.id)).limit(1);
    expect(await markNotificationsReadAction({ ids: [theirs!.id] })).toMatchObject({ ok: true, data: { marked: 0 } });
    await signIn("manager");
    expect(await markNotificationsReadAction({ ids: [theirs!.id] })).toMatchObject({ ok: true, data: { marked: 1 } });
    const [after] = await db().select().from(notifications).where(eq(notifications.id, theirs!.id));
    expect(after?.readAt).not.toBeNull();
  });
});
