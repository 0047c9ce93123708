import { beforeAll, describe, expect, it, vi } from "vitest";
import { findRequest } from "@/db/queries/requests";
import { teamMembers } from "@/db/queries/team-admin";
import { updateTeam } from "@/lib/teams/manage-teams";
import { setPersonActive } from "@/lib/users/set-person-active";
import { withTestDatabase } from "@/test/database";
import { seedOperationsDemo, topUpWithManagerAway } from "@/test/operations-demo";
import { outsidePolicyWindow } from "@/test/policy-window";
import { pausePoint } from "@/test/pause-point";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { approveRequest } from "@/lib/requests/decide-request";
import { approveRequestSchema } from "@/lib/requests/schemas";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

// A pause point inside setPersonActive, after its locks and before its write of the person's row.
const beforePersonWrite = pausePoint();
vi.mock("@/db/queries/people", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/db/queries/people")>();
  return {
    ...original,
    updateUserFields: async (...args: Parameters<typeof original.updateUserFields>) => {
      await beforePersonWrite.reach();
      return original.updateUserFields(...args);
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

// SECURITY (lock order, lib/users/team-move.ts): reactivating takes the person's row before their teams' requests, as a
// team edit does; it took the requests first, and the two admins' changes deadlocked (PostgreSQL killed one of them).
describe("reactivating a manager while another admin replaces them as the team's manager", () => {
  it("takes turns with the team edit instead of deadlocking, and the stand-in request is withdrawn", async () => {
    const { requestId, admin, omar } = await topUpWithManagerAway(db(), accountId);
    await approveRequest(db(), await as("finance"), TEST_META, approveRequestSchema.parse({ requestId, step: 0 }));
    expect(await findRequest(db(), requestId)).toMatchObject({ status: "pending", awaiting: "finance" });

    const { reached, release } = beforePersonWrite.arm();
    // Admin 1 reactivates Omar: paused after its locks, before writing Omar's row.
    const reactivating = setPersonActive(db(), admin, { userId: omar.id, active: true });
    await reached;
    // Admin 2 (same context is enough) replaces Omar by Mia as the manager of Operations.
    const members = await teamMembers(db(), operations);
    const mia = await as("manager2");
    const next = [...members.filter((m) => m.userId !== omar.id), { userId: omar.id, manager: false }, { userId: mia.id, manager: true }];
    const replacing = updateTeam(db(), admin, { teamId: operations, name: "Operations", members: next, loadedMembers: members });
    await pause(500); // updateTeam: Omar's + Mia's rows, team row, then waits for the stand-in request
    release();
    const results = await Promise.allSettled([reactivating, replacing]);
    expect(results.map((result) => (result.status === "rejected" ? String((result.reason as { cause?: Error }).cause?.message ?? result.reason) : "ok"))).toEqual(["ok", "ok"]);
    // Omar came back as manager: finance's stand-in approval no longer counted, so the request was withdrawn.
    expect(await findRequest(db(), requestId)).toMatchObject({ status: "cancelled" });
  });
});
