import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { insertCard } from "@/db/queries/card-updates";
import { auditLog } from "@/db/schema/audit";
import { cardHoldings } from "@/db/schema/card-holdings";
import { cards } from "@/db/schema/cards";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { teams } from "@/db/schema/teams";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { planNodes } from "@/test/query-plan";
import { adminSessionProvedAgo } from "@/test/admin-step-up";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { teamIdNamed } from "@/test/team-named";

// The server actions are called as a browser calls them: getCurrentUser is the cookie's session, stubbed.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));

const { createTeamAction } = await import("@/lib/actions/teams/create-team");
const { deleteTeamAction } = await import("@/lib/actions/teams/delete-team");

const database = withTestDatabase();
const db = () => database.db();
const HOUR = 3_600_000;

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
});

async function newTeam(name: string): Promise<string> {
  session.user = await adminSessionProvedAgo(db(), 0);
  const created = await createTeamAction({ name });
  if (!created.ok) throw new Error(created.error.message);
  return created.data.teamId;
}

const teamExists = async (id: string) => (await db().select({ id: teams.id }).from(teams).where(eq(teams.id, id))).length === 1;

describe("deleting a team", () => {
  it("deletes a team nobody is in and nothing named, without asking the administrator to confirm it's them, and audits it", async () => {
    const teamId = await newTeam("Typo tema");
    // Last proven an hour ago: a step-up would be asked for a change of who is in a team; this changes nobody's access.
    session.user = await adminSessionProvedAgo(db(), HOUR);
    expect(await deleteTeamAction({ teamId })).toMatchObject({ ok: true, data: { name: "Typo tema" } });
    expect(await teamExists(teamId)).toBe(false);
    const [row] = await db().select().from(auditLog).where(and(eq(auditLog.action, "team.deleted"), eq(auditLog.targetId, teamId)));
    expect(row).toMatchObject({ outcome: "success", actorEmail: "admin@demo.test", targetType: "team", summary: { before: { name: "Typo tema" } } });
  });

  it("refuses a team people are in, naming how many and what to do first", async () => {
    const marketing = await teamIdNamed(db(), "Marketing");
    session.user = await adminSessionProvedAgo(db(), 0);
    const refused = await deleteTeamAction({ teamId: marketing });
    expect(refused).toMatchObject({ ok: false, error: { code: "conflict", message: expect.stringMatching(/^Marketing still has \d+ people in it\. Take everyone out first/) } });
    expect(await teamExists(marketing)).toBe(true);
  });

  it("refuses a team with history, even once no card is in it any more: a card once held in it keeps it", async () => {
    const teamId = await newTeam("Former events");
    const [account] = await db().select({ id: providerAccounts.id, organizationId: providerAccounts.organizationId }).from(providerAccounts).limit(1);
    const card = await insertCard(db(), { organizationId: account!.organizationId, providerAccountId: account!.id, cardModel: "prepaid", ownerUserId: null, teamId, alias: "Events float", currency: "USD", status: "active", balance: 0n });
    const refusal = { ok: false, error: { code: "conflict", message: "Former events cannot be deleted: cards, requests or transactions belong or belonged to it, and Cardhub's history keeps naming it." } };
    expect(await deleteTeamAction({ teamId })).toMatchObject(refusal);
    // The card leaves the team (the holdings trigger starts its next holding, with no team); the earlier one names it still.
    await db().update(cards).set({ teamId: null }).where(eq(cards.id, card.id));
    expect(await db().select().from(cardHoldings).where(eq(cardHoldings.teamId, teamId))).toHaveLength(1);
    expect(await deleteTeamAction({ teamId })).toMatchObject(refusal);
    expect(await teamExists(teamId)).toBe(true);
  });

  it("finds a team's history through indexes led by its id, not by reading every card, request, transaction or holding", async () => {
    const teamId = await newTeam("Plan check");
    const nodes = await db().transaction(async (tx) => {
      // Forbidding sequential scans shows whether an index can answer each test at all (the demo's tables are small
      // enough that the planner would read them whole anyway).
      await tx.execute(sql`set local enable_seqscan = off`);
      const named = (table: string) => `exists (select 1 from ${table} where team_id = '${teamId}')`;
      const result = await tx.execute<{ "QUERY PLAN": unknown }>(
        sql.raw(`explain (format json) select (${named("cards")} or ${named("card_requests")} or ${named("transactions")} or ${named("card_holdings")}) as named`),
      );
      return planNodes(result.rows[0]!["QUERY PLAN"]);
    });
    for (const table of ["cards", "card_requests", "transactions", "card_holdings"]) {
      const reads = nodes.filter((node) => node["Relation Name"] === table);
      expect(reads, table).toHaveLength(1);
      // An index whose first column is team_id: the condition is on it, not a filter over a whole index.
      expect(reads[0]!["Index Cond"], table).toMatch(/^\(team_id = /);
    }
  });

  it("is for administrators only", async () => {
    const teamId = await newTeam("Admins only");
    session.user = await sessionUserFor(db(), "finance@demo.test");
    expect(await deleteTeamAction({ teamId })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await teamExists(teamId)).toBe(true);
  });
});
