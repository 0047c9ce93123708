import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { findCard, insertCard } from "@/db/queries/card-updates";
import { listAuditEvents } from "@/db/queries/audit";
import { listCards } from "@/db/queries/cards";
import { findPerson } from "@/db/queries/people";
import { findOrder, insertOrder } from "@/db/queries/provider-orders";
import { countWaitingFor, findRequest, listRequestEvents } from "@/db/queries/requests";
import { listTransactions } from "@/db/queries/transactions";
import { teamMembers } from "@/db/queries/team-admin";
import { auditLog } from "@/db/schema/audit";
import type { CardStatus } from "@/lib/providers/types";
import { notifications } from "@/db/schema/notifications";
import { providerOrders } from "@/db/schema/provider-orders";
import { transactions } from "@/db/schema/transactions";
import { availableCardActions } from "@/lib/cards/card-actions";
import { can, visibilityFor } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { cancelRequest } from "@/lib/requests/cancel-request";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest } from "@/lib/requests/decide-request";
import { executeRequest } from "@/lib/requests/execute-request";
import { approveRequestSchema, createRequestSchema } from "@/lib/requests/schemas";
import { updateTeam } from "@/lib/teams/manage-teams";
import { withTestDatabase } from "@/test/database";
import { newEmployee } from "@/test/new-employee";
import { seedOfflineDemo } from "@/test/offline-demo";
import { outsidePolicyWindow } from "@/test/policy-window";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { adminContextFor } from "./admin-context";
import { updatePerson } from "./update-person";
import { teamIdNamed } from "@/test/team-named";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const { freezeCardAction } = await import("@/lib/actions/cards/freeze-card");

const database = withTestDatabase();
const db = () => database.db();
let accountId = "";
let operations = "";
let marketing = "";

beforeAll(async () => {
  // Nothing here may reach a provider: the demo's accounts point at a port nothing listens on.
  accountId = await seedOfflineDemo(db());
  await outsidePolicyWindow(db());
  operations = await teamIdNamed(db(), "Operations");
  marketing = await teamIdNamed(db(), "Marketing");
});

const as = (who: string) => sessionUserFor(db(), who.includes("@") ? who : `${who}@demo.test`);
const adminContext = async () => adminContextFor({ user: await as("admin"), meta: TEST_META });

let people = 0;
/** A new employee of Operations (managed by Omar, manager@), so each test starts from a person with nothing filed. */
async function newOperationsEmployee(): Promise<SessionUser> {
  people += 1;
  return newEmployee(db(), { organizationId: (await as("admin")).organizationId, email: `mover${people}@demo.test`, name: `Max Mover ${people}`, teamIds: [operations] });
}

async function cardOf(user: SessionUser | null, params: { teamId: string; status?: CardStatus; alias?: string }): Promise<string> {
  const card = await insertCard(db(), {
    organizationId: (await as("admin")).organizationId,
    providerAccountId: accountId,
    cardModel: "prepaid",
    ownerUserId: user?.id ?? null,
    teamId: params.teamId,
    alias: params.alias ?? `Card of ${user?.email ?? "the company"}`,
    currency: "USD",
    status: params.status ?? "active",
    balance: 10_000n,
  });
  return card.id;
}

async function topUp(user: SessionUser, cardId: string, amount: string): Promise<string> {
  return (await createRequest(db(), user, TEST_META, createRequestSchema.parse({ kind: "top_up", cardId, amount, purpose: "Client visit" }))).requestId;
}

const approve = async (who: string, requestId: string) =>
  approveRequest(db(), await as(who), TEST_META, approveRequestSchema.parse({ requestId, step: (await findRequest(db(), requestId))!.currentStep }));

/** Settings → People: the person now belongs to `teamIds` only. */
async function moveTo(user: SessionUser, teamIds: string[]): Promise<void> {
  const person = (await findPerson(db(), user.id))!;
  await updatePerson(db(), await adminContext(), { userId: user.id, name: person.name, roles: person.roles, teams: teamIds.map((teamId) => ({ teamId, manager: false })) });
}

/** The card ids this person may see among `owner`'s and the company's, through the cards list. */
async function visibleCards(who: string, ownerUserId?: string): Promise<string[]> {
  const viewer = await as(who);
  const page = await listCards(db(), {
    organizationId: viewer.organizationId,
    visibility: visibilityFor(viewer, "card.view")!,
    filters: ownerUserId ? { ownerUserId } : {},
    sort: { field: "created", direction: "desc" },
    limit: 200,
  });
  return page.rows.map((row) => row.id);
}

async function mayFreeze(who: string, cardId: string): Promise<boolean> {
  const card = (await findCard(db(), cardId))!;
  return availableCardActions(await as(who), { ...card, provider: "cardopenapi" }).has("freeze");
}

const needsYou = async (who: string, requestId: string) =>
  db()
    .select()
    .from(notifications)
    .where(and(eq(notifications.recipientUserId, (await as(who)).id), eq(notifications.kind, "request.needs_you"), like(notifications.href, `%${requestId}%`)));

const auditOf = (action: "card.reassigned" | "user.updated" | "team.members_changed", targetId: string) =>
  db().select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)));

const inboxOf = async (who: string) => {
  const user = await as(who);
  return countWaitingFor(db(), { organizationId: user.organizationId, scope: { kind: "inbox", userId: user.id, managedTeamIds: user.managedTeamIds, isFinance: false } });
};

describe("a person moved to another team on Settings → People", () => {
  it("takes their open cards to the new team: the old manager stops seeing and freezing them, the new one starts", async () => {
    const max = await newOperationsEmployee();
    const active = await cardOf(max, { teamId: operations });
    const frozen = await cardOf(max, { teamId: operations, status: "frozen" });
    const cancelled = await cardOf(max, { teamId: operations, status: "cancelled" });
    const company = await cardOf(null, { teamId: operations, alias: "Operations fuel card" });
    expect(await visibleCards("manager", max.id)).toEqual(expect.arrayContaining([active, frozen, cancelled]));
    expect(await mayFreeze("manager", active)).toBe(true);
    expect(await visibleCards("manager2", max.id)).toEqual([]);

    await moveTo(max, [marketing]);

    expect((await findCard(db(), active))?.teamId).toBe(marketing);
    expect((await findCard(db(), frozen))?.teamId).toBe(marketing);
    // A cancelled card's history stays with the team that had it; a company card belongs to its team, not to Max.
    expect((await findCard(db(), cancelled))?.teamId).toBe(operations);
    expect((await findCard(db(), company))?.teamId).toBe(operations);

    const omarSees = await visibleCards("manager");
    expect(omarSees).not.toContain(active);
    expect(omarSees).not.toContain(frozen);
    expect(omarSees).toEqual(expect.arrayContaining([company, cancelled]));
    expect(await mayFreeze("manager", active)).toBe(false);
    session.user = await as("manager");
    expect(await freezeCardAction({ cardId: active })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect((await findCard(db(), active))?.status).toBe("active");

    expect(await visibleCards("manager2", max.id)).toEqual(expect.arrayContaining([active, frozen]));
    expect(await visibleCards("manager2", max.id)).not.toContain(cancelled);
    expect(await mayFreeze("manager2", active)).toBe(true);
    expect(can(await as("manager2"), "card.freeze", (await findCard(db(), active))!)).toBe(true);
  });

  it("audits each card's move and lists what moved on the person's row", async () => {
    const max = await newOperationsEmployee();
    const active = await cardOf(max, { teamId: operations });
    const requestId = await topUp(max, active, "20");
    const admin = await as("admin");

    await moveTo(max, [marketing]);

    const [moved] = await auditOf("card.reassigned", active);
    expect(moved).toMatchObject({
      actorUserId: admin.id,
      teamId: marketing,
      summary: { reason: "holder_changed_team", before: { ownerUserId: max.id, teamId: operations }, after: { ownerUserId: max.id, owner: max.email, teamId: marketing } },
    });
    const [updated] = await auditOf("user.updated", max.id);
    expect(updated?.summary).toMatchObject({ teamMove: { fromTeamIds: [operations], toTeamId: marketing, movedCards: [active], reroutedRequests: [requestId] } });
  });

  it("re-routes a request waiting for the old manager to the new team's manager, and tells them", async () => {
    const max = await newOperationsEmployee();
    const card = await cardOf(max, { teamId: operations });
    const requestId = await topUp(max, card, "20");
    expect(await findRequest(db(), requestId)).toMatchObject({ teamId: operations, awaiting: "team_manager", steps: ["team_manager"] });
    expect(await needsYou("manager", requestId)).toHaveLength(1);
    const omarWaiting = await inboxOf("manager");
    const miaWaiting = await inboxOf("manager2");

    await moveTo(max, [marketing]);

    expect(await findRequest(db(), requestId)).toMatchObject({ teamId: marketing, status: "pending", awaiting: "team_manager", currentStep: 0 });
    expect(await inboxOf("manager")).toBe(omarWaiting - 1);
    expect(await inboxOf("manager2")).toBe(miaWaiting + 1);
    // Omar's "needs your approval" no longer counts as unread; Mia is told.
    expect((await needsYou("manager", requestId)).every((notice) => notice.readAt !== null)).toBe(true);
    expect(await needsYou("manager2", requestId)).toMatchObject([{ readAt: null }]);

    // The request's own timeline says why its route changed.
    const rerouted = (await listRequestEvents(db(), requestId)).find((event) => event.type === "rerouted");
    expect(rerouted?.comment).toBe(`${max.name} moved from Operations to Marketing, and the request with them.`);

    await expect(approve("manager", requestId)).rejects.toMatchObject({ code: "forbidden" });
    expect(await approve("manager2", requestId)).toEqual({ status: "approved" });
  });

  it("withdraws a request already approved for the old team, to be filed again: that approval does not cover the new one", async () => {
    const max = await newOperationsEmployee();
    // Two steps (manager, then finance): Omar approved the first before Max moved.
    const twoStep = await topUp(max, await cardOf(max, { teamId: operations }), "5000");
    expect((await findRequest(db(), twoStep))?.steps).toEqual(["team_manager", "finance"]);
    await approve("manager", twoStep);
    await outsidePolicyWindow(db());
    // One step, fully approved by Omar and waiting for the executor.
    const approvedCard = await cardOf(max, { teamId: operations });
    const approved = await topUp(max, approvedCard, "20");
    await approve("manager", approved);
    expect(await findRequest(db(), approved)).toMatchObject({ status: "approved" });

    await moveTo(max, [marketing]);

    for (const requestId of [twoStep, approved]) {
      // Closed where it was filed (whose managers may read it), saying why and not where Max went.
      expect(await findRequest(db(), requestId)).toMatchObject({ status: "cancelled", teamId: operations });
      const withdrawn = (await listRequestEvents(db(), requestId)).find((event) => event.type === "cancelled");
      expect(withdrawn?.comment).toBe(`Withdrawn because ${max.name} moved to another team: an approval given in Operations does not cover their new team. File it again.`);
      // Max is told, with the same reason, rather than finding it closed.
      const told = await db().select().from(notifications).where(and(eq(notifications.kind, "request.withdrawn"), eq(notifications.href, `/requests/${requestId}`)));
      expect(told.map((notice) => notice.recipientUserId)).toEqual([max.id]);
    }
    await expect(approve("finance", twoStep)).rejects.toMatchObject({ code: "conflict" });
    const { request } = await executeRequest(db(), approved);
    expect(request?.status).toBe("cancelled");
    expect(await db().select().from(providerOrders).where(eq(providerOrders.cardId, approvedCard))).toEqual([]);
    // The card's one open top-up is free again: Max files it anew, in Marketing.
    const again = await topUp(max, approvedCard, "20");
    expect(await findRequest(db(), again)).toMatchObject({ status: "pending", teamId: marketing });
  });

  it("leaves the card's earlier transactions with the team that had it (they keep the team they were linked under)", async () => {
    const max = await newOperationsEmployee();
    const card = await cardOf(max, { teamId: operations });
    const [before] = await db()
      .insert(transactions)
      .values({ organizationId: max.organizationId, providerAccountId: accountId, providerTransactionId: `before-move-${max.id}`, cardId: card, ownerUserId: max.id, teamId: operations, type: "purchase", status: "settled", amount: 1_200n, currency: "USD", occurredAt: new Date() })
      .returning();
    const seen = async (who: string) => {
      const viewer = await as(who);
      const page = await listTransactions(db(), { organizationId: viewer.organizationId, visibility: visibilityFor(viewer, "transaction.view")!, filters: { cardId: card }, limit: 50 });
      return page.rows.map((row) => row.id);
    };

    await moveTo(max, [marketing]);

    expect(await seen("manager")).toEqual([before!.id]);
    expect(await seen("manager2")).toEqual([]);
  });

  it("moves a card whose provider order is still open, leaving the order as it is", async () => {
    const max = await newOperationsEmployee();
    const card = await cardOf(max, { teamId: operations });
    const order = await insertOrder(db(), { organizationId: max.organizationId, providerAccountId: accountId, cardId: card, type: "topup", status: "pending", amount: 500n, currency: "USD" });

    await moveTo(max, [marketing]);

    expect((await findCard(db(), card))?.teamId).toBe(marketing);
    expect(await findOrder(db(), order.id)).toMatchObject({ status: "pending", cardId: card, amount: 500n });
  });

  it("leaves everything alone when the person's teams do not lose one", async () => {
    const max = await newOperationsEmployee();
    const card = await cardOf(max, { teamId: operations });
    const requestId = await topUp(max, card, "20");

    await moveTo(max, [operations, marketing]);

    expect((await findCard(db(), card))?.teamId).toBe(operations);
    expect(await findRequest(db(), requestId)).toMatchObject({ teamId: operations });
    expect(await auditOf("card.reassigned", card)).toEqual([]);
  });

  it("takes cards out of every team when the person leaves all, but refuses while a request needs a team", async () => {
    const max = await newOperationsEmployee();
    const card = await cardOf(max, { teamId: operations });
    const requestId = await topUp(max, card, "20");

    await expect(moveTo(max, [])).rejects.toMatchObject({ code: "conflict", fields: { teams: expect.stringMatching(/open requests/) } });
    expect((await findPerson(db(), max.id))?.teams).toEqual([{ teamId: operations, manager: false }]);
    expect((await findCard(db(), card))?.teamId).toBe(operations);

    await cancelRequest(db(), max, TEST_META, { requestId });
    await moveTo(max, []);
    expect((await findCard(db(), card))?.teamId).toBeNull();
    expect(await visibleCards("manager", max.id)).toEqual([]);
  });
});

describe("a person taken out of a team on Settings → Teams", () => {
  it("takes their open cards and waiting requests to the team they stay in", async () => {
    const max = await newOperationsEmployee();
    const card = await cardOf(max, { teamId: operations });
    const requestId = await topUp(max, card, "20");
    const context = await adminContext();
    // First into Marketing: nothing moves, Max is still in Operations.
    await updateTeam(db(), context, { teamId: marketing, name: "Marketing", members: [...(await teamMembers(db(), marketing)), { userId: max.id, manager: false }] });
    expect((await findCard(db(), card))?.teamId).toBe(operations);

    const staying = (await teamMembers(db(), operations)).filter((member) => member.userId !== max.id);
    await updateTeam(db(), context, { teamId: operations, name: "Operations", members: staying });

    expect((await findCard(db(), card))?.teamId).toBe(marketing);
    expect(await findRequest(db(), requestId)).toMatchObject({ teamId: marketing, awaiting: "team_manager" });
    expect(await needsYou("manager2", requestId)).toHaveLength(1);
    expect(await visibleCards("manager", max.id)).toEqual([]);
    // Operations' row says who left and what left with them, but not where to: Omar reads it, and Marketing is not his.
    const omar = await as("manager");
    const readable = await listAuditEvents(db(), { organizationId: omar.organizationId, visibility: visibilityFor(omar, "audit.view")!, filters: {}, limit: 200 });
    const changed = readable.rows.find((row) => row.action === "team.members_changed" && row.targetId === operations);
    expect(changed?.summary).toMatchObject({ teamMoves: [{ userId: max.id, fromTeamIds: [operations], movedCards: [card], reroutedRequests: [requestId] }] });
    expect((changed?.summary as { teamMoves: object[] }).teamMoves[0]).not.toHaveProperty("toTeamId");
    expect(JSON.stringify(changed?.summary)).not.toContain(marketing);
    // The card's own row, filed under Marketing, keeps where it went; Omar does not read it.
    const [reassigned, ...more] = await auditOf("card.reassigned", card);
    expect(more).toEqual([]);
    expect(reassigned).toMatchObject({ teamId: marketing, summary: { after: { teamId: marketing } } });
    expect(readable.rows.map((row) => row.id)).not.toContain(reassigned!.id);
  });

  it("keeps the destination on the person's own row (Settings → People), which the old team's manager does not read", async () => {
    const max = await newOperationsEmployee();
    const card = await cardOf(max, { teamId: operations });
    await moveTo(max, [marketing]);
    const [updated] = await auditOf("user.updated", max.id);
    expect(updated?.summary).toMatchObject({ teamMove: { fromTeamIds: [operations], toTeamId: marketing, movedCards: [card] } });
    const omar = await as("manager");
    const readable = await listAuditEvents(db(), { organizationId: omar.organizationId, visibility: visibilityFor(omar, "audit.view")!, filters: {}, limit: 200 });
    expect(readable.rows.map((row) => row.id)).not.toContain(updated!.id);
  });
});
