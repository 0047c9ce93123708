import { and, desc, eq } from "drizzle-orm";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveAuditLabels } from "@/db/queries/audit-labels";
import { teamMembers } from "@/db/queries/team-admin";
import { auditLog } from "@/db/schema/audit";
import { teams } from "@/db/schema/teams";
import { EventSentence } from "@/components/audit/event-sentence";
import { adminContextFor } from "@/lib/users/admin-context";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { updateTeam } from "./manage-teams";
import { updateTeamSchema } from "./schemas";

const database = withTestDatabase();
const db = () => database.db();
let marketing = "";

beforeAll(async () => {
  await seedOfflineDemo(db());
  marketing = (await db().select().from(teams).where(eq(teams.name, "Marketing")))[0]!.id;
});

/** The newest team.members_changed row of Marketing, as the audit page words it (tags stripped). */
async function lastMembersChange(): Promise<string> {
  const [row] = await db().select().from(auditLog).where(and(eq(auditLog.action, "team.members_changed"), eq(auditLog.targetId, marketing))).orderBy(desc(auditLog.id)).limit(1);
  const labels = await resolveAuditLabels(db(), { organizationId: row!.organizationId!, rows: [row!] });
  return renderToStaticMarkup(createElement(EventSentence, { event: row!, labels })).replace(/<[^>]+>/g, "");
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
});
