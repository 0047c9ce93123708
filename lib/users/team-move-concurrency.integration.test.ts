import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { findCard, insertCard } from "@/db/queries/card-updates";
import { findPerson } from "@/db/queries/people";
import { findRequest } from "@/db/queries/requests";
import { teamMembers } from "@/db/queries/team-admin";
import { products } from "@/db/schema/products";
import { cardRequests } from "@/db/schema/requests";
import { userRoles, users } from "@/db/schema/users";
import type { SessionUser } from "@/lib/auth/session-user";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest } from "@/lib/requests/decide-request";
import { approveRequestSchema, createRequestSchema } from "@/lib/requests/schemas";
import { updateTeam } from "@/lib/teams/manage-teams";
import { AUDIT_CHAIN_LOCK } from "@/lib/audit/record";
import { withTestDatabase } from "@/test/database";
import { newEmployee } from "@/test/new-employee";
import { seedOfflineDemo } from "@/test/offline-demo";
import { outsidePolicyWindow } from "@/test/policy-window";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { adminContextFor } from "./admin-context";
import { updatePerson } from "./update-person";
import { teamIdNamed } from "@/test/team-named";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));


const database = withTestDatabase();
const db = () => database.db();
let accountId = "";
let operations = "";
let marketing = "";

beforeAll(async () => {
  // Nothing here may reach a provider: the demo's accounts point at a port nothing listens on.
  accountId = await seedOfflineDemo(db());
  await outsidePolicyWindow(db());
  await db().insert(products).values({ providerAccountId: accountId, providerProductId: "BIN-RACE", name: "BIN", cardModels: ["prepaid"], currencies: ["USD"] });
  operations = await teamIdNamed(db(), "Operations");
  marketing = await teamIdNamed(db(), "Marketing");
  // A second administrator, for two changes at once.
  const [ari] = await db().insert(users).values({ organizationId: (await as("admin")).organizationId, email: "admin2@demo.test", name: "Ari Admin", passwordHash: "x" }).returning();
  await db().insert(userRoles).values({ userId: ari!.id, role: "admin" });
});

const as = (who: string) => sessionUserFor(db(), who.includes("@") ? who : `${who}@demo.test`);
const contextOf = async (who: string) => adminContextFor({ user: await as(who), meta: TEST_META });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let people = 0;
/** A new employee in these teams, so each test starts from a person with nothing filed. */
async function employeeIn(teamIds: string[]): Promise<SessionUser> {
  people += 1;
  return newEmployee(db(), { organizationId: (await as("admin")).organizationId, email: `racer${people}@demo.test`, name: `Rae Racer ${people}`, teamIds });
}

async function cardOf(user: SessionUser, teamId: string): Promise<string> {
  const card = await insertCard(db(), { organizationId: user.organizationId, providerAccountId: accountId, cardModel: "prepaid", ownerUserId: user.id, teamId, alias: `Card in ${teamId}`, currency: "USD", status: "active", balance: 10_000n });
  return card.id;
}

const topUp = async (user: SessionUser, cardId: string) =>
  (await createRequest(db(), user, TEST_META, createRequestSchema.parse({ kind: "top_up", cardId, amount: "20.00", purpose: "race" }))).requestId;

/** Holds a lock in a transaction of its own until `release` is called: something else in flight, widening the window. */
async function holding(lock: (tx: Parameters<Parameters<ReturnType<typeof db>["transaction"]>[0]>[0]) => Promise<unknown>) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let held!: () => void;
  const isHeld = new Promise<void>((resolve) => (held = resolve));
  const done = db().transaction(async (tx) => {
    await lock(tx);
    held();
    await gate;
  });
  await isHeld;
  return { release, done };
}

/** Settings → People: the person now belongs to `teamIds` only. */
async function moveTo(who: string, user: SessionUser, teamIds: string[]): Promise<void> {
  const person = (await findPerson(db(), user.id))!;
  await updatePerson(db(), await contextOf(who), { userId: user.id, name: person.name, roles: person.roles, teams: teamIds.map((teamId) => ({ teamId, manager: false })) });
}

const takeOut = async (who: string, user: SessionUser, teamId: string, name: string) =>
  updateTeam(db(), await contextOf(who), { teamId, name, members: (await teamMembers(db(), teamId)).filter((member) => member.userId !== user.id) });

const isDeadlock = (result: PromiseSettledResult<unknown>) => {
  if (result.status === "fulfilled") return false;
  const error = result.reason as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  return error.code === "40P01" || error.cause?.code === "40P01" || /deadlock/i.test(`${error.message} ${error.cause?.message}`);
};

describe("a request filed while the person moves team", () => {
  it("is routed through the team they moved to, never through the team they left", async () => {
    const rae = await employeeIn([operations]);
    // Another of Rae's filings holds her filing lock for a moment.
    const other = await holding((tx) => tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`request-funding:${rae.id}`}, 0))`));
    const filing = createRequest(db(), rae, TEST_META, createRequestSchema.parse({ kind: "new_card", purpose: "race", card: { kind: "cardopenapi", accountId, productId: "BIN-RACE", alias: "Race card", initialAmount: "50", tags: [] } }));
    await pause(200);
    const move = moveTo("admin", rae, [marketing]);
    await pause(200);
    other.release();
    const [filed, moved] = await Promise.allSettled([filing, move, other.done]);
    expect(filed.status).toBe("fulfilled");
    expect(moved.status).toBe("fulfilled");

    const request = (await findRequest(db(), (filed as PromiseFulfilledResult<{ requestId: string }>).value.requestId))!;
    expect((await findPerson(db(), rae.id))!.teams).toEqual([{ teamId: marketing, manager: false }]);
    expect(request).toMatchObject({ teamId: marketing, status: "pending", awaiting: "team_manager" });
    // Omar manages the team she left: the request is not his to approve.
    await expect(approveRequest(db(), await as("manager"), TEST_META, approveRequestSchema.parse({ requestId: request.id, step: 0 }))).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("two changes to one person's teams at once", () => {
  async function personInBothTeams() {
    const bo = await employeeIn([operations, marketing]);
    const opsCard = await cardOf(bo, operations);
    const mktCard = await cardOf(bo, marketing);
    const requestId = await topUp(bo, opsCard);
    // A decision in flight holds the request's lock for a moment.
    const decision = await holding((tx) => tx.select().from(cardRequests).where(eq(cardRequests.id, requestId)).for("update"));
    return { bo, opsCard, mktCard, requestId, decision };
  }

  /** Whatever happened, everything of theirs that is open is in a team they belong to. */
  async function expectConsistent(bo: SessionUser, ids: { opsCard: string; mktCard: string; requestId: string }) {
    const theirTeams = (await findPerson(db(), bo.id))!.teams.map((team) => team.teamId);
    expect(theirTeams).toHaveLength(1);
    const request = (await findRequest(db(), ids.requestId))!;
    expect(request.status).toBe("pending");
    expect(theirTeams).toContain(request.teamId);
    expect(theirTeams).toContain((await findCard(db(), ids.opsCard))!.teamId);
    expect(theirTeams).toContain((await findCard(db(), ids.mktCard))!.teamId);
  }

  it("Settings → Teams twice: taken out of both teams by two admins, the second change is refused as it would be one after the other", async () => {
    const { bo, decision, ...ids } = await personInBothTeams();
    const first = takeOut("admin", bo, operations, "Operations");
    const second = takeOut("admin2", bo, marketing, "Marketing");
    await pause(400);
    decision.release();
    const results = await Promise.allSettled([first, second, decision.done]);

    expect(results.slice(0, 2).map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refusal = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
    expect(refusal.reason).toMatchObject({ code: "conflict", fields: { members: expect.stringMatching(/would belong to no team/) } });
    await expectConsistent(bo, ids);
  });

  it("Settings → People and Settings → Teams at once: the second sees the first", async () => {
    const { bo, decision, ...ids } = await personInBothTeams();
    // Ada keeps Bo in Operations only; Ari, at the same moment, takes him out of Operations.
    const first = moveTo("admin", bo, [operations]);
    await pause(100);
    const second = takeOut("admin2", bo, operations, "Operations");
    await pause(300);
    decision.release();
    const results = await Promise.allSettled([first, second, decision.done]);

    expect(results[0].status).toBe("fulfilled");
    expect(results[1]).toMatchObject({ status: "rejected", reason: { code: "conflict", fields: { members: expect.stringMatching(/would belong to no team/) } } });
    expect((await findPerson(db(), bo.id))!.teams).toEqual([{ teamId: operations, manager: false }]);
    await expectConsistent(bo, ids);
  });
});

describe("a team move while the old team's manager decides one of the person's requests", () => {
  async function moveDuringDecision(move: (eli: SessionUser) => Promise<void>) {
    const eli = await employeeIn([operations, marketing]);
    const card = await cardOf(eli, operations);
    const requestId = await topUp(eli, card);
    // Any audited transaction in progress holds the audit chain's lock for a moment: both line up behind it.
    const audited = await holding((tx) => tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`));
    const moving = move(eli);
    await pause(300);
    const deciding = approveRequest(db(), await as("manager"), TEST_META, approveRequestSchema.parse({ requestId, step: 0 }));
    await pause(300);
    audited.release();
    const [moved, decided] = await Promise.allSettled([moving, deciding, audited.done]);
    return { moved, decided, card, requestId };
  }

  for (const [where, move] of [
    ["Settings → People", (eli: SessionUser) => moveTo("admin", eli, [marketing])],
    // Renaming the team too: its team.updated row is written only once every lock of the move is taken.
    ["Settings → Teams, renaming the team", (eli: SessionUser) => takeOut("admin", eli, operations, "Operations & Support")],
  ] as const) {
    it(`does not deadlock (${where}): the move takes all its row locks before its first audit row`, async () => {
      const { moved, decided, card, requestId } = await moveDuringDecision(move);

      expect(isDeadlock(moved) || isDeadlock(decided)).toBe(false);
      expect(moved.status).toBe("fulfilled");
      // The move went first: the request is Marketing's now, and Omar may no longer take its step.
      expect(decided).toMatchObject({ status: "rejected", reason: { code: "forbidden" } });
      expect(await findRequest(db(), requestId)).toMatchObject({ teamId: marketing, status: "pending" });
      expect((await findCard(db(), card))!.teamId).toBe(marketing);
    });
  }
});
