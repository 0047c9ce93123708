import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getAuditEvent, listAuditEvents, type AuditEvent } from "@/db/queries/audit";
import { resolveAuditLabels } from "@/db/queries/audit-labels";
import { findCard, insertCard } from "@/db/queries/card-updates";
import { findPerson } from "@/db/queries/people";
import { teamMembers } from "@/db/queries/team-admin";
import { auditLog } from "@/db/schema/audit";
import { describeEvent } from "@/components/audit/describe-event";
import { record } from "@/lib/audit/record";
import { verifyAuditChain } from "@/lib/audit/verify";
import { can, visibilityFor } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { updateTeam } from "@/lib/teams/manage-teams";
import { adminContextFor } from "@/lib/users/admin-context";
import { updatePerson } from "@/lib/users/update-person";
import { withTestDatabase } from "@/test/database";
import { newEmployee } from "@/test/new-employee";
import { seedOfflineDemo } from "@/test/offline-demo";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { reassignCard } from "./edit-card";
import { teamIdNamed } from "@/test/team-named";

// A card that leaves a team: the team's managers read audit rows by team, and the card's own card.reassigned row is
// filed under the team it goes to. These check that the team it left is told, and told no more than that.

const database = withTestDatabase();
const db = () => database.db();
let accountId = "";
let operations = "";
let marketing = "";

beforeAll(async () => {
  accountId = await seedOfflineDemo(db());
  operations = await teamIdNamed(db(), "Operations");
  marketing = await teamIdNamed(db(), "Marketing");
});

const as = (who: string) => sessionUserFor(db(), who.includes("@") ? who : `${who}@demo.test`);

let people = 0;
async function newOperationsEmployee(): Promise<SessionUser> {
  people += 1;
  return newEmployee(db(), { organizationId: (await as("admin")).organizationId, email: `leaver${people}@demo.test`, name: `Lee Leaver ${people}`, teamIds: [operations] });
}

let cardsMade = 0;
async function cardOf(user: SessionUser, teamId: string | null): Promise<string> {
  cardsMade += 1;
  const card = await insertCard(db(), {
    organizationId: user.organizationId,
    providerAccountId: accountId,
    cardModel: "prepaid",
    ownerUserId: user.id,
    teamId,
    alias: `Leaving card ${cardsMade}`,
    currency: "USD",
    status: "active",
    balance: 10_000n,
  });
  return card.id;
}

/** The card's history as this person's audit log shows it (the card page's history runs the same query), newest first. */
async function historyAs(who: string, cardId: string): Promise<AuditEvent[]> {
  const viewer = await as(who);
  return (await listAuditEvents(db(), { organizationId: viewer.organizationId, visibility: visibilityFor(viewer, "audit.view")!, filters: { targetType: "card", targetId: cardId }, limit: 50 })).rows;
}

/** A row as this person reads it in the log, in words. */
async function sentenceAs(who: string, row: AuditEvent): Promise<string> {
  const viewer = await as(who);
  const labels = await resolveAuditLabels(db(), { viewer, rows: [row] });
  return describeEvent(row, labels)
    .map((part) => (typeof part === "string" ? part : "link" in part ? part.text : "muted" in part ? part.muted : part.provider))
    .join("");
}

const leavingRowsOf = (cardId: string) =>
  db().select().from(auditLog).where(and(eq(auditLog.action, "card.left_team"), eq(auditLog.targetId, cardId)));

async function expectOldManagerShutOut(cardId: string): Promise<void> {
  const omar = await as("manager");
  expect(can(omar, "card.view", (await findCard(db(), cardId))!)).toBe(false);
  // What happens to the card in Marketing from now on is not Operations' to read.
  const emma = await as("employee2");
  await record(db(), { organizationId: emma.organizationId, actorUserId: emma.id, actorEmail: emma.email, actorRoles: emma.roles, ip: null, userAgent: "vitest" }, {
    action: "card.frozen",
    targetType: "card",
    targetId: cardId,
    teamId: marketing,
  });
  const [frozen] = await db().select().from(auditLog).where(and(eq(auditLog.action, "card.frozen"), eq(auditLog.targetId, cardId)));
  expect((await historyAs("manager", cardId)).map((row) => row.action)).not.toContain("card.frozen");
  expect(await getAuditEvent(db(), { organizationId: omar.organizationId, visibility: visibilityFor(omar, "audit.view")!, id: frozen!.id })).toBeNull();
  expect((await historyAs("manager2", cardId)).map((row) => row.action)).toContain("card.frozen");
}

describe("a card reassigned by finance to someone in another team", () => {
  it("tells the team it left who moved it out, in one row the new team's manager does not get", async () => {
    const eli = await as("employee");
    const emma = await as("employee2");
    const cardId = await cardOf(eli, operations);

    await reassignCard(db(), await as("finance"), TEST_META, { cardId, ownerUserId: emma.id });

    expect((await findCard(db(), cardId))?.teamId).toBe(marketing);
    const oldManagerSees = await historyAs("manager", cardId);
    const leaving = oldManagerSees.find((row) => row.action === "card.left_team");
    expect(leaving).toMatchObject({ actorEmail: "finance@demo.test", teamId: operations, summary: { fromTeamId: operations } });
    expect(await sentenceAs("manager", leaving!)).toBe(`Fiona Finance reassigned Leaving card ${cardsMade} out of team Operations.`);
    // Where it went is Marketing's business (as a person's move out of a team is: lib/users/team-move.ts).
    expect(JSON.stringify(leaving!.summary)).not.toContain(marketing);
    expect(JSON.stringify(leaving!.summary)).not.toContain(emma.id);
    expect(oldManagerSees.map((row) => row.action)).not.toContain("card.reassigned");

    const newManagerSees = (await historyAs("manager2", cardId)).map((row) => row.action);
    expect(newManagerSees).toContain("card.reassigned");
    expect(newManagerSees).not.toContain("card.left_team");

    // Organisation-wide readers get both sides of the one move.
    const auditorSees = await historyAs("auditor", cardId);
    expect(auditorSees.map((row) => row.action)).toEqual(["card.reassigned", "card.left_team"]);
    expect(await sentenceAs("auditor", auditorSees[0]!)).toBe(`Fiona Finance reassigned Leaving card ${cardsMade} to Emma Employee.`);
    expect(await sentenceAs("auditor", auditorSees[1]!)).toBe(`Fiona Finance reassigned Leaving card ${cardsMade} out of team Operations.`);

    await expectOldManagerShutOut(cardId);
  });

  it("writes no leaving row when the card stays in its team, or had none", async () => {
    const finance = await as("finance");
    const eli = await as("employee");
    const colleague = await newOperationsEmployee();
    const staying = await cardOf(eli, operations);
    await reassignCard(db(), finance, TEST_META, { cardId: staying, ownerUserId: colleague.id });
    expect((await findCard(db(), staying))?.teamId).toBe(operations);

    const teamless = await cardOf(eli, null);
    await reassignCard(db(), finance, TEST_META, { cardId: teamless, ownerUserId: (await as("employee2")).id });
    expect((await findCard(db(), teamless))?.teamId).toBe(marketing);

    expect(await leavingRowsOf(staying)).toEqual([]);
    expect(await leavingRowsOf(teamless)).toEqual([]);
    expect((await historyAs("auditor", staying)).map((row) => row.action)).toEqual(["card.reassigned"]);
  });
});

describe("a card that follows its holder to another team", () => {
  it("on Settings → People: tells the team it left who moved its holder out, and not where to", async () => {
    const lee = await newOperationsEmployee();
    const cardId = await cardOf(lee, operations);
    const person = (await findPerson(db(), lee.id))!;

    await updatePerson(db(), adminContextFor({ user: await as("admin"), meta: TEST_META }), {
      userId: lee.id,
      name: person.name,
      roles: person.roles,
      teams: [{ teamId: marketing, manager: false }],
    });

    expect((await findCard(db(), cardId))?.teamId).toBe(marketing);
    const oldManagerSees = await historyAs("manager", cardId);
    const leaving = oldManagerSees.find((row) => row.action === "card.left_team");
    expect(leaving).toMatchObject({ actorEmail: "admin@demo.test", teamId: operations, summary: { fromTeamId: operations, reason: "holder_changed_team", holderUserId: lee.id } });
    expect(await sentenceAs("manager", leaving!)).toBe(`Ada Admin moved ${person.name} out of team Operations, and Leaving card ${cardsMade} left the team with them.`);
    expect(JSON.stringify(leaving!.summary)).not.toContain(marketing);
    expect(oldManagerSees.map((row) => row.action)).not.toContain("card.reassigned");

    const newManagerSees = (await historyAs("manager2", cardId)).map((row) => row.action);
    expect(newManagerSees).toContain("card.reassigned");
    expect(newManagerSees).not.toContain("card.left_team");
    expect((await historyAs("auditor", cardId)).map((row) => row.action)).toEqual(["card.reassigned", "card.left_team"]);

    await expectOldManagerShutOut(cardId);
  });

  it("on Settings → Teams: the same single leaving row, under the team it left", async () => {
    const lee = await newOperationsEmployee();
    const cardId = await cardOf(lee, operations);
    const context = adminContextFor({ user: await as("admin"), meta: TEST_META });
    await updateTeam(db(), context, { teamId: marketing, name: "Marketing", members: [...(await teamMembers(db(), marketing)), { userId: lee.id, manager: false }] });
    expect(await leavingRowsOf(cardId)).toEqual([]);

    await updateTeam(db(), context, { teamId: operations, name: "Operations", members: (await teamMembers(db(), operations)).filter((member) => member.userId !== lee.id) });

    expect((await findCard(db(), cardId))?.teamId).toBe(marketing);
    expect(await leavingRowsOf(cardId)).toEqual([expect.objectContaining({ teamId: operations, actorEmail: "admin@demo.test", summary: expect.objectContaining({ fromTeamId: operations }) })]);
    expect((await historyAs("manager", cardId)).map((row) => row.action)).toEqual(["card.left_team"]);
  });
});

describe("the audit chain", () => {
  it("still verifies with the leaving rows written beside the reassignments", async () => {
    const [{ count }] = (await db().select({ count: sql<number>`count(*)::int` }).from(auditLog).where(eq(auditLog.action, "card.left_team"))) as [{ count: number }];
    expect(count).toBe(3);
    await expect(verifyAuditChain(db(), { key: process.env.AUDIT_HMAC_KEY! })).resolves.toMatchObject({ ok: true });
  });
});
