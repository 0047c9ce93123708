import { and, count, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { insertCard } from "@/db/queries/card-updates";
import { countWaitingFor, findRequest, listRequestEvents, listRequests } from "@/db/queries/requests";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findUserByEmail, setUserActive } from "@/db/queries/users";
import { auditLog } from "@/db/schema/audit";
import { notifications } from "@/db/schema/notifications";
import { teamMemberships } from "@/db/schema/teams";
import { userRoles } from "@/db/schema/users";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { activeCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { outsidePolicyWindow } from "@/test/policy-window";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { cancelRequest } from "./cancel-request";
import { createRequest } from "./create-request";
import { approveRequest, rejectRequest } from "./decide-request";
import { approvalPolicySchema, approveRequestSchema, createRequestSchema, rejectRequestSchema } from "./schemas";
import { updateApprovalPolicy } from "./update-approval-policy";

// Approval hands the request to the executor through pg-boss; here only the routing is under test.
const enqueued = vi.hoisted(() => [] as { name: string; data: object }[]);
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async (name: string, data: object) => void enqueued.push({ name, data }) }));

const database = withTestDatabase();
const db = () => database.db();
let cardopenapiAccountId = "";
let cardepassAccountId = "";

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  const accounts = await listProviderAccounts(db());
  cardopenapiAccountId = accounts.find((account) => account.provider === "cardopenapi")!.id;
  cardepassAccountId = accounts.find((account) => account.provider === "cardepass")!.id;
  // Finance members belong to a team too, so they can file requests of their own.
  const finance = await findUserByEmail(db(), "finance@demo.test");
  const operations = (await findUserByEmail(db(), "manager@demo.test"))!.managedTeamIds[0]!;
  await db().insert(teamMemberships).values({ teamId: operations, userId: finance!.id, isManager: false });
});

// Each test routes its own requests: the top-ups of earlier tests are not added to them (see split-requests tests).
beforeEach(() => outsidePolicyWindow(db()));

const as = (email: string) => sessionUserFor(db(), `${email}@demo.test`);

/** An active prepaid card of this person, written straight into the table (routing needs no provider). */
const cardOf = (user: SessionUser, currency = "USD") => activeCardOf(db(), { user, providerAccountId: cardopenapiAccountId, currency });

async function topUp(user: SessionUser, amount: string, currency = "USD") {
  const input = createRequestSchema.parse({ kind: "top_up", cardId: await cardOf(user, currency), amount, purpose: "Ads budget for the quarter" });
  const { requestId } = await createRequest(db(), user, TEST_META, input);
  return (await findRequest(db(), requestId))!;
}

/** Approves the step the request is at now, as the request page shows it. */
const approve = async (user: SessionUser, requestId: string, extra: Record<string, string> = {}) =>
  approveRequest(db(), user, TEST_META, approveRequestSchema.parse({ requestId, step: (await findRequest(db(), requestId))?.currentStep ?? 0, ...extra }));

const inbox = async (user: SessionUser) =>
  (
    await listRequests(db(), {
      organizationId: user.organizationId,
      scope: { kind: "inbox", userId: user.id, managedTeamIds: user.managedTeamIds, isFinance: user.roles.includes("finance") },
      filters: {},
      limit: 100,
    })
  ).rows.map((row) => row.id);

describe("the policy table: role × amount × team", () => {
  const cases = [
    { who: "employee", amount: "999.99", steps: ["team_manager"] },
    { who: "employee", amount: "1000.00", steps: ["team_manager", "finance"] },
    { who: "employee2", amount: "10", steps: ["team_manager"] },
    { who: "employee2", amount: "25000", steps: ["team_manager", "finance"] },
    // A manager's own request goes to finance.
    { who: "manager", amount: "500", steps: ["finance"] },
    { who: "manager", amount: "1500", steps: ["finance", "finance"] },
    // A finance member's own request goes to another finance member.
    { who: "finance", amount: "500", steps: ["finance"] },
    // …and at or above the threshold to the team's manager, then another finance member.
    { who: "finance", amount: "1000", steps: ["team_manager", "finance"] },
  ] as const;
  for (const { who, amount, steps } of cases) {
    it(`${who} asking for ${amount} USD waits for ${steps.join(" then ")}`, async () => {
      const request = await topUp(await as(who), amount);
      expect(request.steps).toEqual(steps);
      expect(request).toMatchObject({ status: "pending", awaiting: steps[0], currentStep: 0, threshold: 100_000n });
    });
  }

  it("puts a request in exactly the inbox of its team's manager, not another team's, not finance's first", async () => {
    const request = await topUp(await as("employee"), "20");
    expect(await inbox(await as("manager"))).toContain(request.id);
    expect(await inbox(await as("manager2"))).not.toContain(request.id);
    expect(await inbox(await as("finance"))).not.toContain(request.id);
    expect(await inbox(await as("employee"))).not.toContain(request.id);
    const manager = await as("manager");
    expect(await countWaitingFor(db(), { organizationId: manager.organizationId, scope: { kind: "inbox", userId: manager.id, managedTeamIds: manager.managedTeamIds, isFinance: false } })).toBeGreaterThan(0);
  });

  it("walks a two-step request: manager, then a finance member who is a different person", async () => {
    const request = await topUp(await as("employee"), "1200");
    await expect(approve(await as("finance"), request.id)).rejects.toMatchObject({ code: "forbidden", message: /manager of the requester's team/ });
    expect(await approve(await as("manager"), request.id)).toEqual({ status: "pending" });
    expect(await findRequest(db(), request.id)).toMatchObject({ awaiting: "finance", currentStep: 1 });
    expect(await inbox(await as("finance"))).toContain(request.id);
    expect(await approve(await as("finance"), request.id)).toEqual({ status: "approved" });
    expect(enqueued).toContainEqual({ name: "requests.execute", data: { requestId: request.id } });
    const events = await listRequestEvents(db(), request.id);
    expect(events.map((event) => event.type)).toEqual(["created", "approved", "approved"]);
    expect(new Set(events.filter((event) => event.type === "approved").map((event) => event.actorUserId)).size).toBe(2);
  });

  it("never lets the first step's approver take the second, even holding both roles", async () => {
    const manager = await as("manager");
    await db().insert(userRoles).values({ userId: manager.id, role: "finance" });
    try {
      const request = await topUp(await as("employee"), "5000");
      const both = await as("manager");
      await approve(both, request.id);
      await expect(approve(both, request.id)).rejects.toMatchObject({ code: "forbidden", message: /different person/ });
      expect(await inbox(both)).not.toContain(request.id);
      await approve(await as("finance2"), request.id);
      expect((await findRequest(db(), request.id))?.status).toBe("approved");
    } finally {
      await db().delete(userRoles).where(and(eq(userRoles.userId, manager.id), eq(userRoles.role, "finance")));
    }
  });

  it("refuses self-approval: a manager's own request, a finance member's own request", async () => {
    const own = await topUp(await as("manager"), "50");
    await expect(approve(await as("manager"), own.id)).rejects.toMatchObject({ code: "forbidden", message: /own request/ });
    const financeOwn = await topUp(await as("finance"), "50");
    await expect(approve(await as("finance"), financeOwn.id)).rejects.toMatchObject({ code: "forbidden", message: /own request/ });
    expect(await inbox(await as("finance"))).not.toContain(financeOwn.id);
    expect(await approve(await as("finance2"), financeOwn.id)).toEqual({ status: "approved" });
  });

  it("refuses the manager of another team, an auditor and an employee", async () => {
    const request = await topUp(await as("employee"), "30");
    for (const who of ["manager2", "auditor", "employee2"]) {
      await expect(approve(await as(who), request.id)).rejects.toMatchObject({ code: "forbidden" });
    }
    expect((await findRequest(db(), request.id))?.status).toBe("pending");
  });

  it("refuses another organisation's request as not found", async () => {
    const request = await topUp(await as("employee"), "30");
    const stranger = { ...(await as("manager")), organizationId: "00000000-0000-4000-8000-000000000001" };
    await expect(approve(stranger, request.id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("tells the requester at once when nobody can approve, instead of waiting forever", async () => {
    const manager = await as("manager");
    const finance2 = await as("finance2");
    const finance = await as("finance");
    // Without a manager, finance takes the manager's step (team-without-manager tests); without finance either, nobody can.
    for (const person of [manager, finance, finance2]) await setUserActive(db(), { userId: person.id, active: false });
    try {
      await expect(topUp(await as("employee"), "10")).rejects.toMatchObject({ code: "conflict", message: /no manager other than you/ });
    } finally {
      for (const person of [manager, finance, finance2]) await setUserActive(db(), { userId: person.id, active: true });
    }
    await setUserActive(db(), { userId: finance2.id, active: false });
    try {
      await expect(topUp(await as("finance"), "10")).rejects.toMatchObject({ code: "conflict", message: /no finance member other than you/ });
      // Two finance steps need two different people besides the manager: only one is left.
      await expect(topUp(await as("manager"), "2000")).rejects.toMatchObject({ code: "conflict", message: /two different approvers/ });
    } finally {
      await setUserActive(db(), { userId: finance2.id, active: true });
    }
  });

  it("routes an unfreeze by what it releases: a capped card's unspent limit, an unlimited card to manager then finance", async () => {
    const employee = await as("employee");
    const frozenShareBalance = async (alias: string, limits: { limitPerTransaction: bigint; limitLifetime: bigint | null; limitUsed: bigint }) =>
      (
        await insertCard(db(), {
          organizationId: employee.organizationId,
          providerAccountId: cardepassAccountId,
          cardModel: "sharebalance",
          ownerUserId: employee.id,
          teamId: employee.teamIds[0] ?? null,
          alias,
          currency: "USD",
          status: "frozen",
          ...limits,
        })
      ).id;
    const unfreeze = async (cardId: string) => {
      const { requestId } = await createRequest(db(), employee, TEST_META, createRequestSchema.parse({ kind: "unfreeze", cardId, purpose: "Trip starts Monday" }));
      return (await findRequest(db(), requestId))!;
    };
    // 2,000.00 lifetime with 1,500.00 used releases 500.00: below the 1,000.00 threshold.
    const capped = await unfreeze(await frozenShareBalance("Capped", { limitPerTransaction: 50_000n, limitLifetime: 200_000n, limitUsed: 150_000n }));
    expect(capped).toMatchObject({ steps: ["team_manager"], policyAmount: 50_000n, threshold: 100_000n });
    // No lifetime limit: it can spend without end, whatever its 500.00 per-transaction limit.
    const unlimited = await unfreeze(await frozenShareBalance("Unlimited", { limitPerTransaction: 50_000n, limitLifetime: null, limitUsed: 0n }));
    expect(unlimited).toMatchObject({ steps: ["team_manager", "finance"], awaiting: "team_manager", policyAmount: null, threshold: 100_000n });
    const [created] = await db().select({ summary: auditLog.summary }).from(auditLog).where(and(eq(auditLog.action, "request.created"), eq(auditLog.targetId, unlimited.id)));
    expect(created!.summary).toMatchObject({ policyAmount: "unlimited", steps: ["team_manager", "finance"] });
  });

  it("weighs unfreezing a prepaid card whose balance Cardhub has not read as above every threshold, not as zero", async () => {
    const employee = await as("employee");
    const { id: cardId } = await insertCard(db(), {
      organizationId: employee.organizationId,
      providerAccountId: cardepassAccountId,
      cardModel: "standard",
      ownerUserId: employee.id,
      teamId: employee.teamIds[0] ?? null,
      alias: "Never read",
      currency: "USD",
      status: "frozen",
      balance: null,
    });
    const { requestId } = await createRequest(db(), employee, TEST_META, createRequestSchema.parse({ kind: "unfreeze", cardId, purpose: "Trip starts Monday" }));
    expect(await findRequest(db(), requestId)).toMatchObject({ steps: ["team_manager", "finance"], policyAmount: null });
  });

  it("reads the threshold from the policy table, per currency and kind; a currency without a policy needs finance", async () => {
    const admin = await as("admin");
    await updateApprovalPolicy(db(), admin, TEST_META, approvalPolicySchema.parse({ kind: "top_up", currency: "usd", threshold: "200" }));
    expect((await topUp(await as("employee"), "250")).steps).toEqual(["team_manager", "finance"]);
    await outsidePolicyWindow(db());
    expect((await topUp(await as("employee"), "199.99")).steps).toEqual(["team_manager"]);
    await updateApprovalPolicy(db(), admin, TEST_META, approvalPolicySchema.parse({ kind: "top_up", currency: "USD", threshold: "1000.00" }));
    await outsidePolicyWindow(db());
    expect((await topUp(await as("employee"), "250")).steps).toEqual(["team_manager"]);
    expect((await topUp(await as("employee"), "1", "EUR")).steps).toEqual(["team_manager", "finance"]);
    const [audited] = await db().select({ value: count() }).from(auditLog).where(eq(auditLog.action, "approval_policy.updated"));
    expect(audited!.value).toBe(2);
  });
});

describe("approving lower, rejecting, cancelling", () => {
  it("lets an approver lower the amount, never raise it, and shows the change on the timeline", async () => {
    const request = await topUp(await as("employee"), "800");
    await expect(approve(await as("manager"), request.id, { amount: "900" })).rejects.toMatchObject({ code: "invalid_input", fields: { amount: "You can lower this, not raise it: the request asks for $800.00." } });
    await expect(approve(await as("manager"), request.id, { amount: "1.001" })).rejects.toMatchObject({ fields: { amount: /at most 2 decimals/ } });
    await approve(await as("manager"), request.id, { amount: "500", comment: "Half now" });
    const after = await findRequest(db(), request.id);
    expect(after?.approved).toEqual({ amount: "50000" });
    expect(after?.requested).toEqual({ amount: "80000" });
    const approval = (await listRequestEvents(db(), request.id)).find((event) => event.type === "approved");
    expect(approval).toMatchObject({ comment: "Half now", changes: { amount: { from: "80000", to: "50000" } } });
    // The audit row says what was approved, not only what was lowered: an auditor reads the amount on the row itself.
    const [audited] = await db().select({ summary: auditLog.summary }).from(auditLog).where(and(eq(auditLog.action, "request.approved"), eq(auditLog.targetId, request.id)));
    expect(audited?.summary).toMatchObject({ amount: "50000", currency: "USD", changes: { amount: { from: "80000", to: "50000" } } });
  });

  it("needs a comment to reject, and tells the requester", async () => {
    expect(rejectRequestSchema.safeParse({ requestId: crypto.randomUUID(), comment: " " }).success).toBe(false);
    const employee = await as("employee");
    const request = await topUp(employee, "40");
    await rejectRequest(db(), await as("manager"), TEST_META, { requestId: request.id, step: 0, comment: "Use the team card" });
    expect((await findRequest(db(), request.id))?.status).toBe("rejected");
    const [notice] = await db().select().from(notifications).where(and(eq(notifications.recipientUserId, employee.id), eq(notifications.kind, "request.rejected")));
    expect(notice?.body).toContain("Use the team card");
    await expect(approve(await as("manager"), request.id)).rejects.toMatchObject({ code: "conflict" });
  });

  it("refuses a decision on a step the request has moved past since the approver opened it, and changes nothing", async () => {
    // A manager's own request at or above the threshold waits for two finance members; both open it at step 1 of 2.
    const request = await topUp(await as("manager"), "1500");
    expect(request.steps).toEqual(["finance", "finance"]);
    const seen = request.currentStep;
    await approveRequest(db(), await as("finance"), TEST_META, approveRequestSchema.parse({ requestId: request.id, step: seen }));
    const finance2 = await as("finance2");
    const moved = { code: "conflict", message: "This request moved on since you opened it; look at it again." };
    await expect(approveRequest(db(), finance2, TEST_META, approveRequestSchema.parse({ requestId: request.id, step: seen }))).rejects.toMatchObject(moved);
    await expect(rejectRequest(db(), finance2, TEST_META, rejectRequestSchema.parse({ requestId: request.id, step: seen, comment: "Not this one" }))).rejects.toMatchObject(moved);
    // The approver of the step, deciding again from a second tab still showing it: the same race (a conflict, which the
    // page answers by reading the request again; the action guard records no refusal), not a "forbidden" for the next
    // step, which someone else must take.
    await expect(rejectRequest(db(), await as("finance"), TEST_META, rejectRequestSchema.parse({ requestId: request.id, step: seen, comment: "Second tab" }))).rejects.toMatchObject(moved);
    expect(await findRequest(db(), request.id)).toMatchObject({ status: "pending", currentStep: 1, awaiting: "finance" });
    expect((await listRequestEvents(db(), request.id)).map((event) => event.type)).toEqual(["created", "approved"]);
    expect(await approveRequest(db(), finance2, TEST_META, approveRequestSchema.parse({ requestId: request.id, step: 1 }))).toEqual({ status: "approved" });
    // The step is not optional: a decision that does not say which step it is for is refused on its field.
    expect(approveRequestSchema.safeParse({ requestId: request.id }).error?.issues.map((issue) => issue.path.join("."))).toEqual(["step"]);
  });

  it("lets only the requester cancel, and only before execution", async () => {
    const request = await topUp(await as("employee"), "40");
    await expect(cancelRequest(db(), await as("manager"), TEST_META, { requestId: request.id })).rejects.toMatchObject({ code: "forbidden" });
    await cancelRequest(db(), await as("employee"), TEST_META, { requestId: request.id });
    expect((await findRequest(db(), request.id))?.status).toBe("cancelled");
    await expect(cancelRequest(db(), await as("employee"), TEST_META, { requestId: request.id })).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("'needs your approval' notices once the step is taken", () => {
  /** Each person's "needs your approval" notices about this request: [recipient email, step event, read]. */
  const stepNotices = async (requestId: string) =>
    (
      await db()
        .select({ recipient: notifications.recipientUserId, eventKey: notifications.eventKey, readAt: notifications.readAt, title: notifications.title })
        .from(notifications)
        .where(and(eq(notifications.kind, "request.needs_you"), eq(notifications.href, `/requests/${requestId}`)))
    ).map((row) => ({ recipient: row.recipient, step: row.eventKey.replace(`request:${requestId}:`, ""), read: row.readAt !== null, title: row.title }));
  const stepTitles = async (requestId: string) => (await stepNotices(requestId)).map((notice) => notice.title);

  it("settles a step's notices for every approver it reached when one of them approves, and leaves the next step's unread", async () => {
    const request = await topUp(await as("employee"), "1500");
    const manager = await as("manager");
    expect(await stepNotices(request.id)).toEqual([{ recipient: manager.id, step: "step:0:needs_you", read: false, title: "A request needs your approval" }]);
    const [notice] = await db().select({ body: notifications.body }).from(notifications).where(eq(notifications.eventKey, `request:${request.id}:step:0:needs_you`));
    // The card it is about is named: two top-ups of one amount otherwise read alike.
    expect(notice?.body).toBe("Top-up of $1,500.00 · “Card of employee@demo.test”, for Eli Employee");
    await approve(manager, request.id);
    const afterFirst = await stepNotices(request.id);
    // Settled, and no longer saying it needs the manager: it says what became of it, to the manager who took it as theirs.
    expect(afterFirst.filter((notice) => notice.step === "step:0:needs_you")).toEqual([{ recipient: manager.id, step: "step:0:needs_you", read: true, title: "No longer needs you: you approved it" }]);
    // Both finance members were told about step 2; the one who does not act sees it settled too.
    const secondStep = afterFirst.filter((notice) => notice.step === "step:1:needs_you");
    expect(secondStep.length).toBeGreaterThanOrEqual(2);
    expect(secondStep.every((notice) => !notice.read)).toBe(true);
    const finance = await as("finance");
    await approve(finance, request.id);
    const afterSecond = (await stepNotices(request.id)).filter((notice) => notice.step === "step:1:needs_you");
    expect(afterSecond.every((notice) => notice.read)).toBe(true);
    // The finance member who approved reads "you"; the others read who did.
    expect(afterSecond.find((notice) => notice.recipient === finance.id)?.title).toBe("No longer needs you: you approved it");
    expect(afterSecond.filter((notice) => notice.recipient !== finance.id).map((notice) => notice.title)).toEqual(
      Array(secondStep.length - 1).fill(`No longer needs you: approved by ${finance.name}`),
    );
  });

  it("says what a lowered approval approved: the notice's own line still reads the amount asked for", async () => {
    const request = await topUp(await as("employee"), "100");
    const manager = await as("manager");
    await approve(manager, request.id, { amount: "60.50" });
    expect(await stepTitles(request.id)).toEqual(["No longer needs you: you approved it (lowered: Top-up of $60.50)"]);
  });

  it("tells the requester what they asked beside what was approved, when an earlier step lowered it and the last did not", async () => {
    const employee = await as("employee");
    const request = await topUp(employee, "1500");
    await approve(await as("manager"), request.id, { amount: "900" });
    await approve(await as("finance"), request.id);
    const [approved] = await db()
      .select({ title: notifications.title, body: notifications.body })
      .from(notifications)
      .where(and(eq(notifications.recipientUserId, employee.id), eq(notifications.kind, "request.approved"), eq(notifications.href, `/requests/${request.id}`)));
    expect(approved).toEqual({
      title: "Your request was approved",
      body: "Top-up of $900.00 · “Card of employee@demo.test”: approved lower than asked (asked: Top-up of $1,500.00)",
    });
  });

  it("settles them when the step is rejected or the request withdrawn", async () => {
    const rejected = await topUp(await as("employee"), "30");
    await rejectRequest(db(), await as("manager"), TEST_META, { requestId: rejected.id, step: 0, comment: "Not now" });
    expect((await stepNotices(rejected.id)).map((notice) => notice.read)).toEqual([true]);
    expect(await stepTitles(rejected.id)).toEqual(["No longer needs you: you rejected it"]);
    const withdrawn = await topUp(await as("employee"), "31");
    await cancelRequest(db(), await as("employee"), TEST_META, { requestId: withdrawn.id });
    expect((await stepNotices(withdrawn.id)).map((notice) => notice.read)).toEqual([true]);
    expect(await stepTitles(withdrawn.id)).toEqual(["No longer needs you: withdrawn"]);
    // Another request's notice to the same manager is not touched.
    const open = await topUp(await as("employee"), "32");
    expect((await stepNotices(open.id)).map((notice) => notice.read)).toEqual([false]);
    expect(await stepTitles(open.id)).toEqual(["A request needs your approval"]);
  });
});

describe("bad input, on its field", () => {
  it("refuses no purpose, a past date, three decimals and zero", () => {
    const result = createRequestSchema.safeParse({ kind: "top_up", cardId: crypto.randomUUID(), amount: "0", purpose: "", neededBy: "31/12/2026" });
    expect(result.success).toBe(false);
    const fields = new Set(result.error!.issues.map((issue) => issue.path.join(".")));
    expect(fields).toEqual(new Set(["amount", "purpose", "neededBy"]));
  });

  it("refuses on the server a needed-by date in the past together with an amount with three decimals", async () => {
    const employee = await as("employee");
    const input = createRequestSchema.parse({ kind: "top_up", cardId: await cardOf(employee), amount: "10.005", purpose: "Travel", neededBy: "2020-01-01" });
    await expect(createRequest(db(), employee, TEST_META, input)).rejects.toMatchObject({
      code: "invalid_input",
      fields: { amount: /at most 2 decimals/, neededBy: /past/ },
    });
  });

  it("refuses a request about somebody else's card", async () => {
    const input = createRequestSchema.parse({ kind: "top_up", cardId: await cardOf(await as("employee2")), amount: "10", purpose: "Travel" });
    await expect(createRequest(db(), await as("employee"), TEST_META, input)).rejects.toMatchObject({ fields: { cardId: /own cards/ } });
  });

  it("refuses an unfreeze of a card that is not frozen, and a second open request for the same card", async () => {
    const employee = await as("employee");
    const cardId = await cardOf(employee);
    await expect(createRequest(db(), employee, TEST_META, createRequestSchema.parse({ kind: "unfreeze", cardId, purpose: "Need it again" }))).rejects.toMatchObject({
      fields: { cardId: /Only a frozen card/ },
    });
    await createRequest(db(), employee, TEST_META, createRequestSchema.parse({ kind: "top_up", cardId, amount: "5", purpose: "Taxi" }));
    await expect(createRequest(db(), employee, TEST_META, createRequestSchema.parse({ kind: "top_up", cardId, amount: "6", purpose: "Taxi" }))).rejects.toMatchObject({ code: "conflict" });
  });
});
