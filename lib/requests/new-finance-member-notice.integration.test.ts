import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { findPerson } from "@/db/queries/people";
import { findRequest } from "@/db/queries/requests";
import { notifications } from "@/db/schema/notifications";
import { adminContextFor } from "@/lib/users/admin-context";
import { setPersonActive } from "@/lib/users/set-person-active";
import { updatePerson } from "@/lib/users/update-person";
import { activeCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { outsidePolicyWindow } from "@/test/policy-window";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { createRequest } from "./create-request";
import { approveRequest } from "./decide-request";
import { approveRequestSchema, createRequestSchema } from "./schemas";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let accountId = "";

beforeAll(async () => {
  accountId = await seedOfflineDemo(db());
  await outsidePolicyWindow(db());
  const admin = await contextOf();
  // Waiting for finance: Eli's large top-up, approved by his manager; and Emma's, whose team lost its only manager.
  const large = await topUp("employee", "5000");
  await approveRequest(db(), await as("manager"), TEST_META, approveRequestSchema.parse({ requestId: large, step: 0 }));
  expect(await findRequest(db(), large)).toMatchObject({ status: "pending", awaiting: "finance" });
  await topUp("employee2", "20");
  await setPersonActive(db(), admin, { userId: (await as("manager2")).id, active: false });
});

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);
const contextOf = async () => adminContextFor({ user: await as("admin"), meta: TEST_META });

async function topUp(who: string, amount: string): Promise<string> {
  const user = await as(who);
  const cardId = await activeCardOf(db(), { user, providerAccountId: accountId });
  return (await createRequest(db(), user, TEST_META, createRequestSchema.parse({ kind: "top_up", cardId, amount, purpose: "Trade fair" }))).requestId;
}

const inboxNotices = async (who: string) =>
  db()
    .select()
    .from(notifications)
    .where(and(eq(notifications.recipientUserId, (await as(who)).id), eq(notifications.href, "/requests?tab=inbox")));

describe("someone who gains the finance role while requests wait for finance", () => {
  it("is told once, with the count (a manager step finance takes included) and a link to the inbox (Settings → People)", async () => {
    const aude = (await findPerson(db(), (await as("auditor")).id))!;
    await updatePerson(db(), await contextOf(), { userId: aude.id, name: aude.name, roles: ["auditor", "finance"], teams: aude.teams });
    expect(await inboxNotices("auditor")).toEqual([
      expect.objectContaining({
        kind: "request.needs_you",
        title: "2 requests wait for finance",
        body: "You now hold the finance role: 2 requests wait for a finance member's approval. Open your requests inbox to take them.",
        readAt: null,
      }),
    ]);
    // Saved again without a new role: nobody is told twice.
    await updatePerson(db(), await contextOf(), { userId: aude.id, name: "Aude Auditor-Finance", roles: ["auditor", "finance"], teams: aude.teams });
    expect(await inboxNotices("auditor")).toHaveLength(1);
  });

  it("is told when a finance member is reactivated", async () => {
    const felix = await as("finance2");
    await setPersonActive(db(), await contextOf(), { userId: felix.id, active: false });
    expect(await inboxNotices("finance2")).toHaveLength(0);
    await setPersonActive(db(), await contextOf(), { userId: felix.id, active: true });
    expect(await inboxNotices("finance2")).toEqual([expect.objectContaining({ title: "2 requests wait for finance" })]);
  });

  it("is not told about anything when a role other than finance is given", async () => {
    const eli = (await findPerson(db(), (await as("employee")).id))!;
    await updatePerson(db(), await contextOf(), { userId: eli.id, name: eli.name, roles: ["employee", "auditor"], teams: eli.teams });
    expect(await inboxNotices("employee")).toHaveLength(0);
  });
});
