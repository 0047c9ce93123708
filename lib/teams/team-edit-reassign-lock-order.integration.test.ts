import { beforeAll, describe, expect, it, vi } from "vitest";
import { findCard, insertCard } from "@/db/queries/card-updates";
import { findRequest, updateRequest } from "@/db/queries/requests";
import { teamMembers } from "@/db/queries/team-admin";
import type { SessionUser } from "@/lib/auth/session-user";
import { reassignCard } from "@/lib/cards/edit-card";
import { createRequest } from "@/lib/requests/create-request";
import { createRequestSchema } from "@/lib/requests/schemas";
import { adminContextFor } from "@/lib/users/admin-context";
import { withTestDatabase } from "@/test/database";
import { failureCodes } from "@/test/failure-codes";
import { newEmployee } from "@/test/new-employee";
import { seedOperationsDemo } from "@/test/operations-demo";
import { pausePoint } from "@/test/pause-point";
import { outsidePolicyWindow } from "@/test/policy-window";
import { approveAll } from "@/test/request-execution";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { updateTeam } from "./manage-teams";
import { teamIdNamed } from "@/test/team-named";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

// Where each side is held: the reassignment once it holds the card, the team edit once it holds the requests of the
// first person it takes out.
const afterCardLock = pausePoint();
const afterPersonRequestsLock = pausePoint();
vi.mock("@/db/queries/card-updates", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/db/queries/card-updates")>();
  return {
    ...original,
    lockCard: async (...args: Parameters<typeof original.lockCard>) => {
      const card = await original.lockCard(...args);
      await afterCardLock.reach();
      return card;
    },
  };
});
vi.mock("@/db/queries/requests", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/db/queries/requests")>();
  return {
    ...original,
    lockWithdrawableRequestsOfPerson: async (...args: Parameters<typeof original.lockWithdrawableRequestsOfPerson>) => {
      const requests = await original.lockWithdrawableRequestsOfPerson(...args);
      await afterPersonRequestsLock.reach();
      return requests;
    },
  };
});

const database = withTestDatabase();
const db = () => database.db();
const as = (email: string) => sessionUserFor(db(), email);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let accountId = "";
let operations = "";
// Where the two taken out of Operations go on to: they are in Marketing too.
let marketing = "";

beforeAll(async () => {
  ({ accountId, operationsId: operations } = await seedOperationsDemo(db()));
  marketing = await teamIdNamed(db(), "Marketing");
  await outsidePolicyWindow(db());
});

let people = 0;
async function employeeIn(teamIds: string[]): Promise<SessionUser> {
  people += 1;
  const { organizationId } = await as("admin@demo.test");
  return newEmployee(db(), { organizationId, email: `mover${people}@demo.test`, name: `Mo Mover ${people}`, teamIds });
}

/**
 * Two people in Operations (and Marketing) and a third who stays in Operations. The one the team edit takes out first
 * (the lower id) still has an approved top-up on a card that is now the other's: it failed, the card was reassigned
 * (which withdraws only open requests), and it was set going again. No path of Cardhub's leaves this behind any more
 * (a retry is refused once the card changed hands, lib/requests/retry-request.ts), so it is written directly: the
 * lock order must hold whatever the requests on a card are.
 */
async function twoLeaversAndACardBetweenThem() {
  const [first, second] = [await employeeIn([operations, marketing]), await employeeIn([operations, marketing])].sort((a, b) => (a.id < b.id ? -1 : 1));
  const stays = await employeeIn([operations]);
  const finance = await as("finance@demo.test");
  const card = await insertCard(db(), { organizationId: first!.organizationId, providerAccountId: accountId, cardModel: "prepaid", ownerUserId: first!.id, teamId: operations, alias: "Shared travel", currency: "USD", status: "active", balance: 10_000n });
  const { requestId } = await createRequest(db(), first!, TEST_META, createRequestSchema.parse({ kind: "top_up", cardId: card.id, amount: "20.00", purpose: "Trip" }));
  await approveAll(db(), requestId);
  // What an execution the provider refused leaves behind.
  await updateRequest(db(), requestId, { status: "failed", failureMessage: "Refused by the provider." });
  await reassignCard(db(), finance, TEST_META, { cardId: card.id, ownerUserId: second!.id, teamId: operations });
  await updateRequest(db(), requestId, { status: "approved", failureMessage: null });
  expect(await findRequest(db(), requestId)).toMatchObject({ status: "approved", requesterUserId: first!.id, cardId: card.id });
  expect((await findCard(db(), card.id))!.ownerUserId).toBe(second!.id);
  return { first: first!, second: second!, stays, finance, cardId: card.id, requestId };
}

async function takeBothOut(first: SessionUser, second: SessionUser) {
  const members = (await teamMembers(db(), operations)).filter((member) => member.userId !== first.id && member.userId !== second.id);
  return updateTeam(db(), adminContextFor({ user: await as("admin@demo.test"), meta: TEST_META }), { teamId: operations, name: "Operations", members });
}

// Lock order (lib/users/team-move.ts): a card, then its requests, as reassigning it takes them. A team edit taking two
// people out locked the first one's requests before the second one's cards; with a request of the first on the
// second's card, it and a reassignment of that card each waited for the other (PostgreSQL aborted one with 40P01).
describe("a team edit taking two people out while a card of one of them is reassigned", () => {
  it("takes turns when the reassignment holds the card first: both succeed", async () => {
    const { first, second, stays, finance, cardId, requestId } = await twoLeaversAndACardBetweenThem();

    const { reached, release } = afterCardLock.arm();
    const reassigning = reassignCard(db(), finance, TEST_META, { cardId, ownerUserId: stays.id });
    await reached;
    const editing = takeBothOut(first, second);
    await pause(300);
    release();
    const results = await Promise.allSettled([reassigning, editing]);

    expect(failureCodes(results)).toEqual([]);
    expect(await findCard(db(), cardId)).toMatchObject({ ownerUserId: stays.id, teamId: operations });
    expect(await findRequest(db(), requestId)).toMatchObject({ status: "cancelled" });
    expect((await teamMembers(db(), operations)).map((member) => member.userId)).not.toContain(first.id);
  });

  it("takes turns when the team edit holds the first person's requests first: both succeed", async () => {
    const { first, second, stays, finance, cardId, requestId } = await twoLeaversAndACardBetweenThem();

    const { reached, release } = afterPersonRequestsLock.arm();
    const editing = takeBothOut(first, second);
    await reached;
    const reassigning = reassignCard(db(), finance, TEST_META, { cardId, ownerUserId: stays.id });
    await pause(300);
    release();
    const results = await Promise.allSettled([editing, reassigning]);

    expect(failureCodes(results)).toEqual([]);
    // The edit went first: the card followed its holder to Marketing, then the reassignment gave it to the one who stayed.
    expect(await findCard(db(), cardId)).toMatchObject({ ownerUserId: stays.id, teamId: operations });
    expect(await findRequest(db(), requestId)).toMatchObject({ status: "cancelled" });
    expect((await teamMembers(db(), operations)).map((member) => member.userId)).not.toContain(second.id);
  });
});
