import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { findRequest } from "@/db/queries/requests";
import { teamMembers } from "@/db/queries/team-admin";
import { updateTeam } from "@/lib/teams/manage-teams";
import { adminContextFor } from "@/lib/users/admin-context";
import { setPersonActive } from "@/lib/users/set-person-active";
import { activeCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { seedOperationsDemo } from "@/test/operations-demo";
import { outsidePolicyWindow } from "@/test/policy-window";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { createRequest } from "./create-request";
import { approveRequest } from "./decide-request";
import { approveRequestSchema, createRequestSchema } from "./schemas";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

/** The audit chain's advisory lock (lib/audit/record.ts): held by any audited transaction while it writes its row. */
const AUDIT_CHAIN_LOCK = 72_600_002;

const database = withTestDatabase();
const db = () => database.db();
let accountId = "";
let operations = "";

beforeAll(async () => {
  ({ accountId, operationsId: operations } = await seedOperationsDemo(db()));
  await outsidePolicyWindow(db());
});

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

const isDeadlock = (result: PromiseSettledResult<unknown>) => {
  if (result.status === "fulfilled") return false;
  const error = result.reason as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  return error.code === "40P01" || error.cause?.code === "40P01" || /deadlock/i.test(`${error.message} ${error.cause?.message}`);
};

describe("a manager named while finance decides the second step of a request finance took the manager's step of", () => {
  it("does not deadlock: the stand-in requests are locked before the change's first audit row, and the request ends withdrawn", async () => {
    const eli = await as("employee");
    const cardId = await activeCardOf(db(), { user: eli, providerAccountId: accountId });
    const { requestId } = await createRequest(db(), eli, TEST_META, createRequestSchema.parse({ kind: "top_up", cardId, amount: "20", purpose: "race" }));
    const admin = adminContextFor({ user: await as("admin"), meta: TEST_META });
    await setPersonActive(db(), admin, { userId: (await as("manager")).id, active: false });
    await approveRequest(db(), await as("finance"), TEST_META, approveRequestSchema.parse({ requestId, step: 0 }));

    // Any audited transaction in progress holds the audit chain's lock for a moment: both line up behind it.
    const audited = await holding((tx) => tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`));
    const members = await teamMembers(db(), operations);
    // Renaming the team too: its team.updated row is written only once every lock of the change is taken.
    const naming = updateTeam(db(), admin, { teamId: operations, name: "Operations & Support", members: [...members, { userId: (await as("manager2")).id, manager: true }], loadedMembers: members });
    await pause(300);
    const deciding = approveRequest(db(), await as("finance2"), TEST_META, approveRequestSchema.parse({ requestId, step: 1 }));
    await pause(300);
    audited.release();
    const [named, decided] = await Promise.allSettled([naming, deciding, audited.done]);

    expect(isDeadlock(named) || isDeadlock(decided)).toBe(false);
    expect(named.status).toBe("fulfilled");
    // The withdrawal went first: the request is closed, and the second finance approval finds nothing to approve.
    expect(decided).toMatchObject({ status: "rejected", reason: { code: "conflict" } });
    expect(await findRequest(db(), requestId)).toMatchObject({ status: "cancelled" });
  });
});
