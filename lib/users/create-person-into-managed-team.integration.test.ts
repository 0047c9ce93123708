import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { findPerson } from "@/db/queries/people";
import { auditLog } from "@/db/schema/audit";
import { teamMemberships } from "@/db/schema/teams";
import { userRoles, users } from "@/db/schema/users";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { adminContextFor } from "./admin-context";
import { createPerson } from "./create-person";
import { createPersonSchema } from "./schemas";
import { teamIdNamed } from "@/test/team-named";

const database = withTestDatabase();
const db = () => database.db();
let operations = "";
let marketing = "";

beforeAll(async () => {
  await seedOfflineDemo(db());
  operations = await teamIdNamed(db(), "Operations");
  marketing = await teamIdNamed(db(), "Marketing");
  // Another administrator made Ada a manager of Marketing (she cannot do it herself); Ari is a second administrator.
  const ada = await as("admin");
  await db().insert(userRoles).values({ userId: ada.id, role: "manager" });
  await db().insert(teamMemberships).values({ teamId: marketing, userId: ada.id, isManager: true });
  const [ari] = await db().insert(users).values({ organizationId: ada.organizationId, email: "admin2@demo.test", name: "Ari Admin", passwordHash: "x" }).returning();
  await db().insert(userRoles).values({ userId: ari!.id, role: "admin" });
});

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);
const contextOf = async (who: string) => adminContextFor({ user: await as(who), meta: TEST_META });
const newPerson = (email: string, teamIds: string[]) =>
  createPersonSchema.parse({ method: "invite", name: "Nico Newcomer", email, roles: ["employee"], teams: teamIds.map((teamId) => ({ teamId, manager: false })) });

describe("an administrator who manages a team creates a person", () => {
  it("cannot create them straight into that team (refused and audited, as adding an existing person is)", async () => {
    const ada = await as("admin");
    for (const [email, into] of [["nico@demo.test", [marketing]], ["nico2@demo.test", [operations, marketing]]] as const) {
      await expect(createPerson(db(), await contextOf("admin"), newPerson(email, [...into]))).rejects.toMatchObject({
        code: "forbidden",
        audited: true,
        message: "You cannot add people to a team you manage. Ask another administrator.",
        fields: { teams: "You cannot add people to a team you manage. Ask another administrator." },
      });
      expect(await db().select().from(users).where(eq(users.email, email))).toHaveLength(0);
      const [denial] = await db().select().from(auditLog).where(and(eq(auditLog.outcome, "denied"), eq(auditLog.actorUserId, ada.id))).orderBy(desc(auditLog.id)).limit(1);
      expect(denial).toMatchObject({
        action: "permission.denied",
        targetType: "team",
        targetId: marketing,
        teamId: marketing,
        summary: { permission: "admin.manage", reason: "manages_team", added: { teams: [marketing], email } },
      });
    }
  });

  it("may create them into a team she does not manage, and another administrator may create them into hers", async () => {
    const intoOperations = await createPerson(db(), await contextOf("admin"), newPerson("olga@demo.test", [operations]));
    expect((await findPerson(db(), intoOperations.userId))!.teams).toEqual([{ teamId: operations, manager: false }]);
    const byAri = await createPerson(db(), await contextOf("admin2"), newPerson("mara@demo.test", [marketing]));
    expect((await findPerson(db(), byAri.userId))!.teams).toEqual([{ teamId: marketing, manager: false }]);
  });
});
