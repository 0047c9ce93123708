import { beforeAll, describe, expect, it, vi } from "vitest";
import { findRequest } from "@/db/queries/requests";
import { teamMembers } from "@/db/queries/team-admin";
import { updateTeam } from "@/lib/teams/manage-teams";
import { setPersonActive } from "@/lib/users/set-person-active";
import { findPerson } from "@/db/queries/people";
import { withTestDatabase } from "@/test/database";
import { seedOperationsDemo, topUpWithManagerAway } from "@/test/operations-demo";
import { outsidePolicyWindow } from "@/test/policy-window";
import { pausePoint } from "@/test/pause-point";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { approveRequest } from "@/lib/requests/decide-request";
import { approveRequestSchema } from "@/lib/requests/schemas";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

// A pause point inside updateTeam, after it took all its locks (incl. the stand-in requests), before it writes.
const afterStandInLocks = pausePoint();
vi.mock("@/db/queries/request-stand-ins", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/db/queries/request-stand-ins")>();
  return {
    ...original,
    lockStandInRequestsOfTeams: async (...args: Parameters<typeof original.lockStandInRequestsOfTeams>) => {
      const rows = await original.lockStandInRequestsOfTeams(...args);
      if (args[1].teamIds.length > 0) await afterStandInLocks.reach();
      return rows;
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

// SECURITY: reactivating reads the person's teams under their row's lock. Read before it, a team edit committed a
// moment later (naming them its manager) was missed, and finance's stand-in approval was left standing, the request stuck.
describe("an inactive manager-role holder named Operations' manager while another admin reactivates them", () => {
  it("withdraws finance's stand-in approval: reactivation waits for the team edit and sees it", async () => {
    const { requestId, admin } = await topUpWithManagerAway(db(), accountId);
    const mia = await as("manager2"); // holds the manager role, manages Marketing, not Operations
    await approveRequest(db(), await as("finance"), TEST_META, approveRequestSchema.parse({ requestId, step: 0 }));
    // Mia is away (deactivated) too; Operations now has no active manager; finance stood in.
    await setPersonActive(db(), admin, { userId: mia.id, active: false });
    expect(await findRequest(db(), requestId)).toMatchObject({ status: "pending", awaiting: "finance" });

    const { reached, release } = afterStandInLocks.arm();
    // Admin 1 names (inactive) Mia a manager of Operations: locks Mia's row, the team, the stand-in request; paused.
    const members = await teamMembers(db(), operations);
    const naming = updateTeam(db(), admin, { teamId: operations, name: "Operations", members: [...members, { userId: mia.id, manager: true }], loadedMembers: members });
    await reached;
    // Admin 2 reactivates Mia meanwhile: reads her teams (not yet Operations' manager), then waits for her row.
    const reactivating = setPersonActive(db(), admin, { userId: mia.id, active: true });
    await pause(400);
    release();
    const results = await Promise.allSettled([naming, reactivating]);
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);

    const miaNow = await findPerson(db(), mia.id);
    expect(miaNow).toMatchObject({ active: true });
    expect(miaNow!.teams.some((t) => t.teamId === operations && t.manager)).toBe(true);
    expect(await findRequest(db(), requestId)).toMatchObject({ status: "cancelled" });
  });
});
