import { and, desc, eq } from "drizzle-orm";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveAuditLabels } from "@/db/queries/audit-labels";
import { teamMembers } from "@/db/queries/team-admin";
import { auditLog } from "@/db/schema/audit";
import { EventSentence } from "@/components/audit/event-sentence";
import { adminContextFor } from "@/lib/users/admin-context";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { listAuditEvents } from "@/db/queries/audit";
import { visibilityFor } from "@/lib/auth/permissions";
import { createPerson } from "@/lib/users/create-person";
import { createPersonSchema, updatePersonSchema } from "@/lib/users/schemas";
import { updatePerson } from "@/lib/users/update-person";
import { updateTeam } from "./manage-teams";
import { updateTeamSchema } from "./schemas";
import { teamIdNamed } from "@/test/team-named";

const database = withTestDatabase();
const db = () => database.db();
let marketing = "";
let operations = "";

beforeAll(async () => {
  await seedOfflineDemo(db());
  const teamId = (name: string) => teamIdNamed(db(), name);
  marketing = await teamId("Marketing");
  operations = await teamId("Operations");
});

async function lastMembersChangeRow(teamId: string) {
  const [row] = await db().select().from(auditLog).where(and(eq(auditLog.action, "team.members_changed"), eq(auditLog.targetId, teamId))).orderBy(desc(auditLog.id)).limit(1);
  return row!;
}

/** The newest team.members_changed row of a team, as the audit page words it (tags stripped). */
async function lastMembersChange(teamId = marketing): Promise<string> {
  const row = await lastMembersChangeRow(teamId);
  const labels = await resolveAuditLabels(db(), { viewer: await sessionUserFor(db(), "admin@demo.test"), rows: [row] });
  return renderToStaticMarkup(createElement(EventSentence, { event: row, labels })).replace(/<[^>]+>/g, "");
}

/** Whether a team's manager finds the row in their own (team-scoped) audit view. */
async function managerSees(email: string, rowId: bigint): Promise<boolean> {
  const manager = await sessionUserFor(db(), email);
  const page = await listAuditEvents(db(), { organizationId: manager.organizationId, visibility: visibilityFor(manager, "audit.view")!, filters: {}, limit: 100 });
  return page.rows.some((row) => row.id === rowId.toString());
}

describe("a team's members change on the audit log", () => {
  it("names who was added, removed and given or relieved of the manager role, as they are called", async () => {
    const admin = await sessionUserFor(db(), "admin@demo.test");
    const omar = await sessionUserFor(db(), "manager@demo.test");
    const loaded = await teamMembers(db(), marketing);
    const manager = loaded.find((member) => member.manager)!;
    const others = loaded.filter((member) => member.userId !== manager.userId);
    const members = [{ userId: manager.userId, manager: false }, ...others.slice(1), { userId: omar.id, manager: true }];
    await updateTeam(db(), adminContextFor({ user: admin, meta: TEST_META }), updateTeamSchema.parse({ teamId: marketing, name: "Marketing", members, loadedMembers: loaded }));

    const names = async (ids: string[]) => Promise.all(ids.map(async (id) => (await db().query.users.findFirst({ where: (users, { eq: is }) => is(users.id, id) }))!.name));
    const [managerName] = await names([manager.userId]);
    const removed = await names(others.slice(0, 1).map((member) => member.userId));
    expect(await lastMembersChange()).toBe(
      `${admin.name} changed the members of the team “Marketing”: added ${omar.name} (manager); removed ${removed.join(" and ")}; ${managerName} no longer manages it.`,
    );
  });

  it("is written for a team a person is invited into, and its manager reads it in their team's view", async () => {
    const admin = await sessionUserFor(db(), "admin@demo.test");
    const input = createPersonSchema.parse({ method: "invite", name: "Nia Newcomer", email: "nia@demo.test", roles: ["employee"], teams: [{ teamId: operations, manager: false }] });
    await createPerson(db(), adminContextFor({ user: admin, meta: TEST_META }), input);

    expect(await lastMembersChange(operations)).toBe(`${admin.name} changed the members of the team “Operations”: added Nia Newcomer.`);
    expect(await managerSees("manager@demo.test", (await lastMembersChangeRow(operations)).id)).toBe(true);
  });

  it("is written for both teams of a person moved on Settings → People, the team left not told where they went", async () => {
    const admin = await sessionUserFor(db(), "admin@demo.test");
    const nia = await sessionUserFor(db(), "nia@demo.test");
    const input = updatePersonSchema.parse({ userId: nia.id, name: nia.name, roles: ["employee"], teams: [{ teamId: marketing, manager: false }] });
    await updatePerson(db(), adminContextFor({ user: admin, meta: TEST_META }), input);

    expect(await lastMembersChange(operations)).toBe(`${admin.name} changed the members of the team “Operations”: removed Nia Newcomer.`);
    expect(await lastMembersChange(marketing)).toBe(`${admin.name} changed the members of the team “Marketing”: added Nia Newcomer.`);
    const left = await lastMembersChangeRow(operations);
    expect(left.teamId).toBe(operations);
    expect(JSON.stringify(left.summary)).not.toContain(marketing);
    expect(await managerSees("manager@demo.test", left.id)).toBe(true);
  });
});
