import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { findUserByEmail } from "@/db/queries/users";
import { teamMemberships, teams } from "@/db/schema/teams";
import { userRoles, users } from "@/db/schema/users";
import { seedDemo } from "@/db/seed";
import { withTestDatabase } from "@/test/database";
import { listSoleTeamManagers } from "./sole-team-managers";

const database = withTestDatabase();
const db = () => database.db();
let organizationId = "";
let operationsId = "";
const ids: Record<"manager" | "manager2" | "employee" | "finance", string> = { manager: "", manager2: "", employee: "", finance: "" };

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  for (const name of Object.keys(ids) as (keyof typeof ids)[]) ids[name] = (await findUserByEmail(db(), `${name}@demo.test`))!.id;
  const [operations] = await db().select().from(teams).where(eq(teams.name, "Operations"));
  organizationId = operations!.organizationId;
  operationsId = operations!.id;
});

// Each test starts from the demo's teams: Operations managed by Omar (manager@), Marketing by Mia (manager2@), and
// Eli (employee@) a plain member of Operations.
beforeEach(async () => {
  await db().update(teams).set({ archivedAt: null }).where(eq(teams.id, operationsId));
  await db().update(users).set({ active: true }).where(eq(users.id, ids.employee));
  await db().update(teamMemberships).set({ isManager: false }).where(eq(teamMemberships.userId, ids.employee));
  await db().delete(userRoles).where(and(eq(userRoles.userId, ids.employee), eq(userRoles.role, "manager")));
});

// By team name, as the notes word them; the first test checks the ids that come with the names.
const soleOf = async (userIds = Object.values(ids)) =>
  Object.fromEntries([...(await listSoleTeamManagers(db(), { organizationId, userIds }))].map(([userId, teamsOf]) => [userId, teamsOf.map((team) => team.name)]));

/** Eli made a second manager of Operations: marked its manager and given the manager role. */
async function secondOperationsManager() {
  await db().update(teamMemberships).set({ isManager: true }).where(and(eq(teamMemberships.userId, ids.employee), eq(teamMemberships.teamId, operationsId)));
  await db().insert(userRoles).values({ userId: ids.employee, role: "manager" });
}

describe("listSoleTeamManagers", () => {
  it("names the teams each person is the only manager of, and nobody else", async () => {
    expect(await soleOf()).toEqual({ [ids.manager]: ["Operations"], [ids.manager2]: ["Marketing"] });
    // The dialog matches them against its team choices by id.
    expect((await listSoleTeamManagers(db(), { organizationId, userIds: [ids.manager] })).get(ids.manager)).toEqual([{ id: operationsId, name: "Operations" }]);
  });

  it("answers only for the people asked about, and nothing for none", async () => {
    expect(await soleOf([ids.manager2, ids.employee])).toEqual({ [ids.manager2]: ["Marketing"] });
    expect(await soleOf([])).toEqual({});
  });

  it("leaves out a team with a second manager who can approve", async () => {
    await secondOperationsManager();
    expect(await soleOf()).toEqual({ [ids.manager2]: ["Marketing"] });
  });

  it("still names a team whose other manager is deactivated or lacks the manager role", async () => {
    await secondOperationsManager();
    await db().update(users).set({ active: false }).where(eq(users.id, ids.employee));
    expect(await soleOf()).toEqual({ [ids.manager]: ["Operations"], [ids.manager2]: ["Marketing"] });

    await db().update(users).set({ active: true }).where(eq(users.id, ids.employee));
    await db().delete(userRoles).where(and(eq(userRoles.userId, ids.employee), eq(userRoles.role, "manager")));
    expect(await soleOf()).toEqual({ [ids.manager]: ["Operations"], [ids.manager2]: ["Marketing"] });
  });

  it("leaves out archived teams and other organisations' teams", async () => {
    await db().update(teams).set({ archivedAt: new Date() }).where(eq(teams.id, operationsId));
    expect(await soleOf()).toEqual({ [ids.manager2]: ["Marketing"] });
    expect(Object.fromEntries(await listSoleTeamManagers(db(), { organizationId: crypto.randomUUID(), userIds: Object.values(ids) }))).toEqual({});
  });
});
