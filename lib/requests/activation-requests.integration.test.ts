/**
 * Asking for one's own card to be activated: activating releases the card's money, so nobody activates their own card
 * (finance included, four eyes); its holder asks, and the request is routed and approved as an unfreeze is.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { insertCard, updateCard } from "@/db/queries/card-updates";
import { findRequest } from "@/db/queries/requests";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findUserByEmail } from "@/db/queries/users";
import { auditLog } from "@/db/schema/audit";
import { notifications } from "@/db/schema/notifications";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { teamMemberships } from "@/db/schema/teams";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { ACCOUNT_DISABLED_REASON } from "@/lib/cards/card-actions";
import { NOT_FOUND_AT_PROVIDER_REASON } from "@/lib/cards/provider-missing-label";
import type { CardStatus, ProviderName } from "@/lib/providers/types";
import { withTestDatabase } from "@/test/database";
import { outsidePolicyWindow } from "@/test/policy-window";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { createRequest } from "./create-request";
import { approveRequest } from "./decide-request";
import { approveRequestSchema, createRequestSchema } from "./schemas";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const { createRequestAction } = await import("@/lib/actions/requests/create-request");

const database = withTestDatabase();
const db = () => database.db();
const accountIds = {} as Record<ProviderName, string>;

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  for (const account of await listProviderAccounts(db())) accountIds[account.provider] = account.id;
  // Finance members belong to a team too, so they can file requests of their own.
  const finance = await findUserByEmail(db(), "finance@demo.test");
  const operations = (await findUserByEmail(db(), "manager@demo.test"))!.managedTeamIds[0]!;
  await db().insert(teamMemberships).values({ teamId: operations, userId: finance!.id, isManager: false });
});

beforeEach(() => outsidePolicyWindow(db()));

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);

/** A card of this person written straight into the table: by default a Card OPEN-API card issued but not activated. */
async function cardOf(user: SessionUser, values: { status?: CardStatus; balance?: bigint | null; provider?: ProviderName } = {}): Promise<string> {
  const provider = values.provider ?? "cardopenapi";
  const card = await insertCard(db(), {
    organizationId: user.organizationId,
    providerAccountId: accountIds[provider],
    cardModel: provider === "cardepass" ? "standard" : "prepaid",
    ownerUserId: user.id,
    teamId: user.teamIds[0] ?? null,
    alias: `New card of ${user.email}`,
    currency: "USD",
    status: values.status ?? "inactive",
    balance: values.balance === undefined ? 10_000n : values.balance,
  });
  return card.id;
}

const fileActivation = async (user: SessionUser, cardId: string) => {
  const { requestId } = await createRequest(db(), user, TEST_META, createRequestSchema.parse({ kind: "activate", cardId, purpose: "Starting on the road next week" }));
  return (await findRequest(db(), requestId))!;
};

const approve = async (user: SessionUser, requestId: string) =>
  approveRequest(db(), user, TEST_META, approveRequestSchema.parse({ requestId, step: (await findRequest(db(), requestId))!.currentStep }));

describe("filing an activation request", () => {
  it("lets the holder of an inactive card ask, routed by the money activating releases, as an unfreeze is", async () => {
    const employee = await as("employee");
    const small = await fileActivation(employee, await cardOf(employee));
    // 100.00 released, below the demo's 1,000.00 threshold: the team's manager approves.
    expect(small).toMatchObject({ kind: "activate", status: "pending", steps: ["team_manager"], awaiting: "team_manager", policyAmount: 10_000n, threshold: 100_000n, requested: {}, approved: {} });
    const [created] = await db().select({ summary: auditLog.summary }).from(auditLog).where(and(eq(auditLog.action, "request.created"), eq(auditLog.targetId, small.id)));
    expect(created!.summary).toMatchObject({ kind: "activate", for: "employee@demo.test", steps: ["team_manager"] });
    const manager = await as("manager");
    const [notice] = await db().select().from(notifications).where(and(eq(notifications.recipientUserId, manager.id), eq(notifications.href, `/requests/${small.id}`)));
    expect(notice).toMatchObject({ kind: "request.needs_you", body: expect.stringMatching(/^Activate a card · “[^”]+”, for Eli Employee$/) });

    expect(await fileActivation(employee, await cardOf(employee, { balance: 150_000n }))).toMatchObject({ steps: ["team_manager", "finance"], policyAmount: 150_000n });
    // A balance Cardhub has not read is not a zero balance: above every threshold.
    expect(await fileActivation(employee, await cardOf(employee, { balance: null }))).toMatchObject({ steps: ["team_manager", "finance"], policyAmount: null });
  });

  it("lets a manager and a finance member ask for their own card, routed to finance", async () => {
    expect((await fileActivation(await as("manager"), await cardOf(await as("manager")))).steps).toEqual(["finance"]);
    expect((await fileActivation(await as("finance"), await cardOf(await as("finance")))).steps).toEqual(["finance"]);
  });

  it("refuses it for a card that is not waiting for activation, or at a provider without an activation step", async () => {
    const employee = await as("employee");
    for (const status of ["active", "frozen"] as const) {
      await expect(fileActivation(employee, await cardOf(employee, { status }))).rejects.toMatchObject({ code: "invalid_input", fields: { cardId: /Only a card that is not activated yet/ } });
    }
    await expect(fileActivation(employee, await cardOf(employee, { provider: "cardepass" }))).rejects.toMatchObject({ fields: { cardId: /Only a card that is not activated yet/ } });
    for (const status of ["cancelled", "expired"] as const) {
      await expect(fileActivation(employee, await cardOf(employee, { status }))).rejects.toMatchObject({ fields: { cardId: /Only a card that is not activated yet/ } });
    }
  });

  it("refuses it for someone else's card, a card the provider no longer knows and a card on a disabled account", async () => {
    const employee = await as("employee");
    await expect(fileActivation(employee, await cardOf(await as("employee2")))).rejects.toMatchObject({ fields: { cardId: /own cards/ } });
    const missing = await cardOf(employee);
    await updateCard(db(), missing, { providerMissingSince: new Date() });
    await expect(fileActivation(employee, missing)).rejects.toMatchObject({ fields: { cardId: NOT_FOUND_AT_PROVIDER_REASON } });
    const onDisabled = await cardOf(employee);
    await db().update(providerAccounts).set({ active: false }).where(eq(providerAccounts.id, accountIds.cardopenapi));
    try {
      await expect(fileActivation(employee, onDisabled)).rejects.toMatchObject({ fields: { cardId: ACCOUNT_DISABLED_REASON } });
    } finally {
      await db().update(providerAccounts).set({ active: true }).where(eq(providerAccounts.id, accountIds.cardopenapi));
    }
  });

  it("refuses a second open activation request for the same card", async () => {
    const employee = await as("employee");
    const cardId = await cardOf(employee);
    await fileActivation(employee, cardId);
    await expect(fileActivation(employee, cardId)).rejects.toMatchObject({ code: "conflict", message: /already an open request of this kind/ });
  });

  it("refuses auditors and admins, who file no requests", async () => {
    for (const who of ["auditor", "admin"]) {
      session.user = await as(who);
      const cardId = await cardOf(session.user);
      expect(await createRequestAction({ kind: "activate", cardId, purpose: "Please activate" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    }
  });
});

describe("approving an activation request", () => {
  it("is refused to the finance member whose card it is, and taken by another finance member (four eyes)", async () => {
    const finance = await as("finance");
    const request = await fileActivation(finance, await cardOf(finance));
    await expect(approve(finance, request.id)).rejects.toMatchObject({ code: "forbidden", message: "Nobody approves their own request." });
    await expect(approve(await as("manager"), request.id)).rejects.toMatchObject({ code: "forbidden", message: "This step waits for a finance member." });
    expect(await approve(await as("finance2"), request.id)).toEqual({ status: "approved" });
    expect(await findRequest(db(), request.id)).toMatchObject({ status: "approved", lastApproverUserId: (await as("finance2")).id });
  });

  it("is refused to the manager whose own card it is, and to another team's manager", async () => {
    const manager = await as("manager");
    const own = await fileActivation(manager, await cardOf(manager));
    await expect(approve(manager, own.id)).rejects.toMatchObject({ code: "forbidden", message: "Nobody approves their own request." });
    const employee = await fileActivation(await as("employee"), await cardOf(await as("employee")));
    await expect(approve(await as("manager2"), employee.id)).rejects.toMatchObject({ code: "forbidden" });
    expect(await approve(manager, employee.id)).toEqual({ status: "approved" });
  });

  it("is refused, with the reason, once the card was activated another way, or can no longer be activated", async () => {
    const employee = await as("employee");
    const manager = await as("manager");
    const activated = await cardOf(employee, { balance: 90_000n });
    const request = await fileActivation(employee, activated);
    // Finance activated it directly, or the sync read it active: there is nothing left to approve.
    await updateCard(db(), activated, { status: "active" });
    await expect(approve(manager, request.id)).rejects.toMatchObject({ code: "conflict", message: "The card is already active, so this request is no longer needed." });
    await updateCard(db(), activated, { status: "frozen" });
    await expect(approve(manager, request.id)).rejects.toMatchObject({ code: "conflict", message: /^The card was activated already and is frozen now, so this request is no longer needed/ });
    const unknown = await cardOf(employee);
    const stuck = await fileActivation(employee, unknown);
    await updateCard(db(), unknown, { status: "unknown" });
    await expect(approve(manager, stuck.id)).rejects.toMatchObject({ code: "conflict", message: /^Only a card that is not activated yet can be activated/ });
    for (const id of [request.id, stuck.id]) expect(await findRequest(db(), id)).toMatchObject({ status: "pending", currentStep: 0 });
    const failed = await db().select().from(notifications).where(and(eq(notifications.recipientUserId, employee.id), eq(notifications.kind, "request.failed")));
    expect(failed).toEqual([]);
  });
});
