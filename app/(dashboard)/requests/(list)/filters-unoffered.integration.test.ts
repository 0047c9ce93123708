import type { ReactElement } from "react";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { RequestListFilters } from "@/db/queries/requests";
import { organizations } from "@/db/schema/organizations";
import { teams } from "@/db/schema/teams";
import type { SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { filterBarOf, ignoredOf, valuesTheBarCannotShow } from "@/test/filter-bar-tree";
import { seedOfflineDemo } from "@/test/offline-demo";
import { sessionIdFor, sessionUserFor, TEST_META } from "@/test/session-user";

// Only the cookie is stubbed: which session it names. Who that is and what they may see is decided by the real code.
const cookie = vi.hoisted(() => ({ sessionId: null as string | null }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => (cookie.sessionId ? { sessionId: cookie.sessionId } : null) }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.stubEnv("__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS", "true");
// The filters the page's list query was given (the real query runs): what the list shows.
const applied = vi.hoisted(() => ({ filters: [] as unknown[] }));
vi.mock("@/db/queries/requests", async (original) => {
  const actual = await original<typeof import("@/db/queries/requests")>();
  return {
    ...actual,
    listRequests: (async (db, params) => {
      applied.filters.push(params.filters);
      return actual.listRequests(db, params);
    }) satisfies typeof actual.listRequests,
  };
});

const { default: RequestsPage } = await import("./page");

const database = withTestDatabase();
const db = () => database.db();
let eli: SessionUser;
let emma: SessionUser;
let operationsId = "";
let marketingId = "";
let otherTeamId = "";

beforeAll(async () => {
  await seedOfflineDemo(db());
  eli = await sessionUserFor(db(), "employee@demo.test");
  emma = await sessionUserFor(db(), "employee2@demo.test");
  const demoTeams = await db().select().from(teams);
  operationsId = demoTeams.find((team) => team.name === "Operations")!.id;
  marketingId = demoTeams.find((team) => team.name === "Marketing")!.id;
  const [other] = await db().insert(organizations).values({ name: "Other Co" }).returning();
  otherTeamId = (await db().insert(teams).values({ organizationId: other!.id, name: "Operations" }).returning())[0]!.id;
});

/** The page as this person opens it from a link: what its filter bar is handed, its notice, and what its list applied. */
async function open(email: string, searchParams: Record<string, string>) {
  cookie.sessionId = await sessionIdFor(db(), email);
  applied.filters = [];
  const tree = (await RequestsPage({ searchParams: Promise.resolve(searchParams) })) as ReactElement;
  expect(applied.filters).toHaveLength(1);
  const filters = applied.filters[0] as RequestListFilters;
  const bar = filterBarOf(tree);
  // Whatever the link said: the bar shows exactly the filters the list applies, each as one of its controls' choices.
  expect(valuesTheBarCannotShow(bar), "values the list applies but the bar cannot show").toEqual([]);
  const shown = Object.fromEntries(Object.entries(bar.values).filter(([, value]) => value));
  const query = { status: filters.status, kind: filters.kind, requester: filters.requesterUserId, team: filters.teamId, from: filters.from, to: filters.to };
  expect(shown).toEqual(Object.fromEntries(Object.entries(query).filter(([, value]) => value)));
  return { bar, filters, ignored: ignoredOf(tree) };
}

describe("/requests: a filter from the link that the bar does not offer on this tab", () => {
  it("drops another team (or another organisation's) on a manager's All tab, with the notice, and keeps their own team", async () => {
    for (const team of [marketingId, otherTeamId]) {
      const page = await open("manager@demo.test", { tab: "all", team });
      expect(page.filters.teamId).toBeUndefined();
      expect(page.ignored).toEqual([{ field: "team", label: "Team", message: "Not one of the teams you can see; showing every team." }]);
    }
    const own = await open("manager@demo.test", { tab: "all", team: operationsId });
    expect(own.filters.teamId).toBe(operationsId);
    expect(own.ignored).toEqual([]);
  });

  it("drops a requester the manager may not see, and keeps one they may; finance keeps anyone's team and requester", async () => {
    const other = await open("manager@demo.test", { tab: "all", requester: emma.id });
    expect(other.filters.requesterUserId).toBeUndefined();
    expect(other.ignored).toEqual([{ field: "requester", label: "Requested by", message: "Not one of the people you can see; showing everybody's." }]);
    const own = await open("manager@demo.test", { tab: "all", requester: eli.id });
    expect(own.filters.requesterUserId).toBe(eli.id);
    const finance = await open("finance@demo.test", { tab: "all", requester: emma.id, team: marketingId, status: "pending" });
    expect(finance.filters).toEqual({ requesterUserId: emma.id, teamId: marketingId, status: "pending" });
    expect(finance.ignored).toEqual([]);
  });

  it("drops a team and a requester on the Waiting for you and My requests tabs, which have neither control", async () => {
    for (const tab of ["inbox", "mine"]) {
      const page = await open("manager@demo.test", { tab, team: operationsId, requester: eli.id, kind: "top_up" });
      expect(page.filters).toEqual({ kind: "top_up" });
      expect(page.ignored).toEqual([
        { field: "requester", label: "Requested by", message: "This tab does not filter by requester; showing everybody's." },
        { field: "team", label: "Team", message: "This tab does not filter by team; showing every team." },
      ]);
    }
  });

  it("drops them for someone whose only tab is their own requests", async () => {
    const page = await open("employee@demo.test", { team: operationsId, requester: eli.id });
    expect(page.filters).toEqual({});
    expect(page.ignored.map((issue) => issue.field)).toEqual(["requester", "team"]);
  });
});
