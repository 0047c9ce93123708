import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { findRequest, listRequestEvents } from "@/db/queries/requests";
import { teamMembers } from "@/db/queries/team-admin";
import { teams } from "@/db/schema/teams";
import { updateTeam } from "@/lib/teams/manage-teams";
import { adminContextFor } from "@/lib/users/admin-context";
import { setPersonActive } from "@/lib/users/set-person-active";
import { activeCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { outsidePolicyWindow } from "@/test/policy-window";
import { pausePoint } from "@/test/pause-point";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest } from "@/lib/requests/decide-request";
import { approveRequestSchema, createRequestSchema } from "@/lib/requests/schemas";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

// A pause inside approveRequest's transaction, after its approval event and audit row, before it commits.
const beforeDecisionCommits = pausePoint();
vi.mock("@/lib/requests/request-notices", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/requests/request-notices")>();
  return {
    ...original,
    settleStepWaiting: async (...args: Parameters<typeof original.settleStepWaiting>) => {
      await beforeDecisionCommits.reach();
      return original.settleStepWaiting(...args);
    },
  };
});

const database = withTestDatabase();
const db = () => database.db();
let accountId = "";
let operations = "";
const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  accountId = await seedOfflineDemo(db());
  await outsidePolicyWindow(db());
  operations = (await db().select().from(teams).where(eq(teams.name, "Operations")))[0]!.id;
});

// SECURITY: naming a manager locks every open request of the team, so a stand-in decision in flight is waited for and
// then withdrawn; it locked only requests already carrying a committed stand-in, and this one was left stuck.
describe("finance takes the manager's step while an admin names a manager", () => {
  it("waits for the stand-in approval in flight, then withdraws it", async () => {
    const eli = await as("employee");
    const cardId = await activeCardOf(db(), { user: eli, providerAccountId: accountId });
    const { requestId } = await createRequest(db(), eli, TEST_META, createRequestSchema.parse({ kind: "top_up", cardId, amount: "20", purpose: "race" }));
    const admin = adminContextFor({ user: await as("admin"), meta: TEST_META });
    await setPersonActive(db(), admin, { userId: (await as("manager")).id, active: false });

    const { reached, release } = beforeDecisionCommits.arm();
    const deciding = approveRequest(db(), await as("finance"), TEST_META, approveRequestSchema.parse({ requestId, step: 0 }));
    await reached;
    const members = await teamMembers(db(), operations);
    const naming = updateTeam(db(), admin, { teamId: operations, name: "Operations", members: [...members, { userId: (await as("manager2")).id, manager: true }], loadedMembers: members });
    await pause(500); // naming: locks, looks for stand-in requests (none committed yet), then waits for the audit chain
    release();
    const results = await Promise.allSettled([deciding, naming]);
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);

    expect(await findRequest(db(), requestId)).toMatchObject({ status: "cancelled" });
    const events = await listRequestEvents(db(), requestId);
    expect(events.map((event) => `${event.type}:${event.actedAs ?? ""}`)).toEqual(["created:", "approved:finance", "cancelled:"]);
  });
});
