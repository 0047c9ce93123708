import { beforeAll, describe, expect, it, vi } from "vitest";
import { findRequest, listRequestEvents } from "@/db/queries/requests";
import { teamMembers } from "@/db/queries/team-admin";
import { updateTeam } from "@/lib/teams/manage-teams";
import { withTestDatabase } from "@/test/database";
import { seedOperationsDemo, topUpWithManagerAway } from "@/test/operations-demo";
import { outsidePolicyWindow } from "@/test/policy-window";
import { pausePoint } from "@/test/pause-point";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { approveRequest } from "@/lib/requests/decide-request";
import { approveRequestSchema } from "@/lib/requests/schemas";

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
  ({ accountId, operationsId: operations } = await seedOperationsDemo(db()));
  await outsidePolicyWindow(db());
});

// SECURITY: naming a manager locks every open request of the team, so a stand-in decision in flight is waited for and
// then withdrawn; it locked only requests already carrying a committed stand-in, and this one was left stuck.
describe("finance takes the manager's step while an admin names a manager", () => {
  it("waits for the stand-in approval in flight, then withdraws it", async () => {
    const { requestId, admin } = await topUpWithManagerAway(db(), accountId);

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
