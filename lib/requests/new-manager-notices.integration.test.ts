import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { findPerson } from "@/db/queries/people";
import { teamMembers } from "@/db/queries/team-admin";
import { notifications } from "@/db/schema/notifications";
import { teams } from "@/db/schema/teams";
import { updateTeam } from "@/lib/teams/manage-teams";
import { adminContextFor } from "@/lib/users/admin-context";
import { updatePerson } from "@/lib/users/update-person";
import { activeCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { outsidePolicyWindow } from "@/test/policy-window";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { createRequest } from "./create-request";
import { createRequestSchema } from "./schemas";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let accountId = "";

beforeAll(async () => {
  accountId = await seedOfflineDemo(db());
  await outsidePolicyWindow(db());
});

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);
const adminContext = async () => adminContextFor({ user: await as("admin"), meta: TEST_META });
const needsYou = async (who: string, requestId: string) =>
  db()
    .select()
    .from(notifications)
    .where(and(eq(notifications.recipientUserId, (await as(who)).id), eq(notifications.kind, "request.needs_you"), like(notifications.href, `%${requestId}%`)));

async function waitingTopUp(): Promise<string> {
  const employee = await as("employee");
  const cardId = await activeCardOf(db(), { user: employee, providerAccountId: accountId });
  const { requestId } = await createRequest(db(), employee, TEST_META, createRequestSchema.parse({ kind: "top_up", cardId, amount: "20", purpose: "Taxis" }));
  return requestId;
}

describe("someone named a team's manager", () => {
  it("is told of the team's requests already waiting for its manager, through Settings → Teams", async () => {
    const requestId = await waitingTopUp();
    expect(await needsYou("manager", requestId)).toHaveLength(1);
    expect(await needsYou("manager2", requestId)).toHaveLength(0);
    const operations = (await db().select().from(teams).where(eq(teams.name, "Operations")))[0]!;
    const members = await teamMembers(db(), operations.id);
    await updateTeam(db(), await adminContext(), { teamId: operations.id, name: "Operations", members: [...members, { userId: (await as("manager2")).id, manager: true }] });
    expect(await needsYou("manager2", requestId)).toHaveLength(1);
    expect(await needsYou("manager", requestId)).toHaveLength(1);
  });

  it("is told too when made a manager on their own page (Settings → People)", async () => {
    const requestId = await waitingTopUp();
    const emma = await as("employee2");
    const operations = (await db().select().from(teams).where(eq(teams.name, "Operations")))[0]!;
    const person = (await findPerson(db(), emma.id))!;
    await updatePerson(db(), await adminContext(), {
      userId: emma.id,
      name: person.name,
      roles: [...person.roles, "manager"],
      teams: [...person.teams, { teamId: operations.id, manager: true }],
    });
    expect(await needsYou("employee2", requestId)).toHaveLength(1);
  });
});
