import { and, eq } from "drizzle-orm";
import { auditLog } from "@/db/schema/audit";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getConnection } from "@/db/client";
import { listPeoplePage } from "@/db/queries/people";
import { findPeopleByIds, PEOPLE_SEARCH_LIMIT, searchPeople } from "@/db/queries/people-search";
import { organizations } from "@/db/schema/organizations";
import { teamMemberships } from "@/db/schema/teams";
import { users } from "@/db/schema/users";
import { seedDemo } from "@/db/seed";
import { visibilityFor } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { recordingDb } from "@/scripts/bench/measure";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { teamIdNamed } from "@/test/team-named";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getUsableUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
const { GET } = await import("@/app/api/people/route");

const database = withTestDatabase();
const db = () => database.db();
let organizationId: string;
let strangerId: string;
const GENERATED = 20_000;
const FIRST_NAMES = ["Aiko", "Bruno", "Chiara", "Dmitri", "Esther", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kemal", "Lucia", "Mateo", "Nadia", "Oskar", "Priya", "Rafael", "Sanne", "Tomasz", "Vera"];
const LAST_NAMES = ["Abbott", "Becker", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Horvat", "Ivanova", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov", "Rossi", "Schmidt", "Tanaka", "Weber"];

const as = async (email: string) => (session.user = await sessionUserFor(db(), email));
const names = (people: { name: string }[]) => people.map((person) => person.name);
const get = (query: string) => GET(new Request(`http://localhost/api/people?${query}`));

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  const finance = await sessionUserFor(db(), "finance@demo.test");
  organizationId = finance.organizationId;
  const [other] = await db().insert(organizations).values({ name: "Other Company" }).returning();
  const [stranger] = await db().insert(users).values({ organizationId: other!.id, email: "eli.stranger@other.test", name: "Eli Stranger", passwordHash: "x" }).returning();
  strangerId = stranger!.id;
  await db().insert(users).values([
    { organizationId, email: "percent@demo.test", name: "Paul 100% Sure", passwordHash: "x" },
    { organizationId, email: "under_score@demo.test", name: "Una Underscore", passwordHash: "x" },
    { organizationId, email: "gone@demo.test", name: "Gina Gone", passwordHash: "x", active: false },
  ]);
}, 120_000);

describe("searchPeople", () => {
  it("finds finance everyone in the organisation by name or email, case-insensitively, in name order", async () => {
    const finance = await as("finance@demo.test");
    const visibility = visibilityFor(finance, "card.view")!;
    expect(names(await searchPeople(db(), { organizationId, visibility, q: "EMPLOYEE" }))).toEqual(["Eli Employee", "Emma Employee"]);
    // By email only: "manager2@" matches no name.
    expect(names(await searchPeople(db(), { organizationId, visibility, q: "manager2@" }))).toEqual(["Mia Marketing"]);
    // Never another organisation's people.
    expect(await searchPeople(db(), { organizationId, visibility, q: "stranger" })).toEqual([]);
    const all = await searchPeople(db(), { organizationId, visibility });
    expect(all.map((person) => person.id)).not.toContain(strangerId);
    expect(names(all)).toEqual([...names(all)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it("shows a manager themselves and the members of the teams they manage, an employee only themselves", async () => {
    const manager = await as("manager@demo.test");
    expect(names(await searchPeople(db(), { organizationId, visibility: visibilityFor(manager, "card.view")! }))).toEqual(["Eli Employee", "Omar Operations"]);
    expect(await searchPeople(db(), { organizationId, visibility: visibilityFor(manager, "card.view")!, q: "emma" })).toEqual([]);
    const employee = await as("employee@demo.test");
    expect(names(await searchPeople(db(), { organizationId, visibility: visibilityFor(employee, "card.view")! }))).toEqual(["Eli Employee"]);
  });

  it("leaves out inactive people when asked to", async () => {
    const visibility = { all: true } as const;
    expect(names(await searchPeople(db(), { organizationId, visibility, q: "gina" }))).toEqual(["Gina Gone"]);
    expect(await searchPeople(db(), { organizationId, visibility, q: "gina", activeOnly: true })).toEqual([]);
  });

  it("matches % and _ literally", async () => {
    const visibility = { all: true } as const;
    expect(names(await searchPeople(db(), { organizationId, visibility, q: "100%" }))).toEqual(["Paul 100% Sure"]);
    expect(names(await searchPeople(db(), { organizationId, visibility, q: "%" }))).toEqual(["Paul 100% Sure"]);
    expect(names(await searchPeople(db(), { organizationId, visibility, q: "r_s" }))).toEqual(["Una Underscore"]);
    expect(await searchPeople(db(), { organizationId, visibility, q: "a_a" })).toEqual([]);
  });

  it("returns each person's teams", async () => {
    const [eli] = await searchPeople(db(), { organizationId, visibility: { all: true }, q: "employee@demo.test" });
    const operations = await teamIdNamed(db(), "Operations");
    expect(eli!.teamIds).toEqual([operations]);
  });

  it("reads chosen people by id within visibility, ignoring malformed ids", async () => {
    const finance = await as("finance@demo.test");
    const employee = await as("employee@demo.test");
    const manager2 = await as("manager2@demo.test");
    const ids = [employee.id, manager2.id, strangerId, "not-a-uuid"];
    expect(names(await findPeopleByIds(db(), { organizationId, visibility: visibilityFor(finance, "card.view")!, ids }))).toEqual(["Eli Employee", "Mia Marketing"]);
    const manager = await as("manager@demo.test");
    expect(names(await findPeopleByIds(db(), { organizationId, visibility: visibilityFor(manager, "card.view")!, ids }))).toEqual(["Eli Employee"]);
  });
});

describe("GET /api/people", () => {
  it("answers 401 without a session", async () => {
    session.user = null;
    const response = await get("purpose=filter&q=eli");
    expect(response.status).toBe(401);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("answers 400 naming the field for a bad query", async () => {
    await as("finance@demo.test");
    const bad = await get("purpose=everything&q=eli");
    expect(bad.status).toBe(400);
    expect((await bad.json()).fields).toHaveProperty("purpose");
    const long = await get(`purpose=filter&q=${"x".repeat(101)}`);
    expect(long.status).toBe(400);
    expect((await long.json()).fields).toHaveProperty("q");
  });

  it("refuses a picker to those the purpose is not for, and audits the refusal", async () => {
    const employee = await as("employee@demo.test");
    expect((await get("purpose=filter&q=")).status).toBe(403);
    const denials = await db().select().from(auditLog).where(and(eq(auditLog.actorUserId, employee.id), eq(auditLog.action, "permission.denied")));
    expect(denials.map((row) => row.summary)).toContainEqual({ route: "/api/people", purpose: "filter" });
    await as("manager@demo.test");
    expect((await get("purpose=assign&q=")).status).toBe(403);
    await as("auditor@demo.test");
    expect((await get("purpose=assign&q=")).status).toBe(403);
    // Adding people to a team is an admin's: finance, who assigns cards, may not search for it.
    const finance = await as("finance@demo.test");
    expect((await get("purpose=member&q=")).status).toBe(403);
    const financeDenials = await db().select().from(auditLog).where(and(eq(auditLog.actorUserId, finance.id), eq(auditLog.action, "permission.denied")));
    expect(financeDenials.map((row) => row.summary)).toContainEqual({ route: "/api/people", purpose: "member" });
  });

  it("gives an admin active people with their teams to add to a team", async () => {
    await as("admin@demo.test");
    const response = await get("purpose=member&q=e");
    expect(response.status).toBe(200);
    const people = ((await response.json()) as { people: { name: string; teamIds: string[] }[] }).people;
    expect(people.map((person) => person.name)).toContain("Emma Employee");
    expect(people.map((person) => person.name)).not.toContain("Gina Gone");
    expect(people.find((person) => person.name === "Emma Employee")!.teamIds).toHaveLength(1);
  });

  it("lets a manager filter by their team's people only, without team ids", async () => {
    await as("manager@demo.test");
    const response = await get("purpose=filter&q=e");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as { people: Record<string, unknown>[] };
    expect(body.people.map((person) => person.name)).toEqual(["Eli Employee", "Omar Operations"]);
    expect(Object.keys(body.people[0]!).sort()).toEqual(["active", "email", "id", "name"]);
  });

  it("gives finance active people with their teams to assign a card to", async () => {
    await as("finance@demo.test");
    const body = (await (await get("purpose=assign&q=g")).json()) as { people: { name: string; teamIds: string[] }[] };
    expect(body.people.map((person) => person.name)).not.toContain("Gina Gone");
    const emma = ((await (await get("purpose=assign&q=emma")).json()) as { people: { name: string; teamIds: string[] }[] }).people;
    expect(emma).toHaveLength(1);
    expect(emma[0]!.teamIds).toHaveLength(1);
  });
});

describe("at scale", () => {
  beforeAll(async () => {
    // Names as varied as a real company's: every first name with every last name, numbered after that.
    const rows = Array.from({ length: GENERATED }, (_, index) => {
      const first = FIRST_NAMES[index % FIRST_NAMES.length]!;
      const last = LAST_NAMES[Math.floor(index / FIRST_NAMES.length) % LAST_NAMES.length]!;
      const n = Math.floor(index / (FIRST_NAMES.length * LAST_NAMES.length));
      return { organizationId, email: `${first}.${last}${n}@bulk.test`.toLowerCase(), name: `${first} ${last}${n ? ` ${n}` : ""}`, passwordHash: "x" };
    });
    rows.push({ organizationId, email: "q.zabriskie@bulk.test", name: "Quincy Zabriskie", passwordHash: "x" });
    for (let start = 0; start < rows.length; start += 2_000) await db().insert(users).values(rows.slice(start, start + 2_000));
    const inserted = await db().select({ id: users.id }).from(users).where(eq(users.organizationId, organizationId));
    const operations = await teamIdNamed(db(), "Operations");
    const members = inserted.slice(0, 1_500).map((user) => ({ teamId: operations, userId: user.id }));
    for (let start = 0; start < members.length; start += 500) await db().insert(teamMemberships).values(members.slice(start, start + 500)).onConflictDoNothing();
    // As autovacuum would have by then: VACUUM also moves new rows out of the GIN indexes' pending lists.
    await getConnection().pool.query("vacuum analyze users");
    await getConnection().pool.query("vacuum analyze team_memberships");
  }, 120_000);

  it("returns at most 20 people", async () => {
    const people = await searchPeople(db(), { organizationId, visibility: { all: true }, q: "aiko abbott" });
    expect(people).toHaveLength(PEOPLE_SEARCH_LIMIT);
    expect(people[0]!.name).toBe("Aiko Abbott");
    expect(await searchPeople(db(), { organizationId, visibility: { all: true }, limit: 500 })).toHaveLength(PEOPLE_SEARCH_LIMIT);
  });

  it("never reads the users table sequentially", async () => {
    const { pool } = getConnection();
    const recorder = recordingDb(pool);
    const manager = await as("manager@demo.test");
    const searches = [
      { visibility: { all: true } as const },
      { visibility: { all: true } as const, q: "zabrisk" },
      { visibility: { all: true } as const, q: "Q.ZABRISKIE@", activeOnly: true },
      { visibility: { all: true } as const, q: "oskar novak 7" },
      { visibility: { all: true } as const, q: "a" },
      { visibility: visibilityFor(manager, "card.view")!, q: "zabrisk" },
      { visibility: visibilityFor(manager, "card.view")!, q: "ines" },
    ];
    const failures: string[] = [];
    for (const search of searches) {
      const statements = await recorder.record(() => searchPeople(recorder.db, { organizationId, ...search }));
      const plan = await pool.query<{ "QUERY PLAN": string }>(`explain ${statements[0]!.text}`, statements[0]!.params);
      const text = plan.rows.map((row) => row["QUERY PLAN"]).join("\n");
      if (/Seq Scan on users/.test(text)) failures.push(`${JSON.stringify(search.q ?? "")}:\n${text}`);
    }
    expect(failures).toEqual([]);
  });

  it("pages the people settings list 50 at a time, every match exactly once, forwards and back, in name order", async () => {
    // Three people with one name: the keyset goes on by email and id, so none is skipped or shown twice.
    await db().insert(users).values(["a", "b", "c"].map((tag) => ({ organizationId, email: `sam.${tag}@same.test`, name: "Sam Novakovic", passwordHash: "x" })));
    // Every match in one page, as the oracle the 50-row pages must add up to.
    const expected = (await listPeoplePage(db(), { organizationId, q: "novak", limit: 100_000 })).rows.map((person) => person.id);
    expect(expected.length).toBeGreaterThan(1_000);
    const forward: string[] = [];
    let page = await listPeoplePage(db(), { organizationId, q: "novak", limit: 50 });
    expect(page.previousCursor).toBeNull();
    for (;;) {
      expect(page.rows.length).toBeLessThanOrEqual(50);
      forward.push(...page.rows.map((person) => person.id));
      if (!page.nextCursor) break;
      page = await listPeoplePage(db(), { organizationId, q: "novak", after: page.nextCursor, limit: 50 });
    }
    expect(forward).toEqual(expected);
    const backward: string[] = [...page.rows.map((person) => person.id)];
    while (page.previousCursor) {
      page = await listPeoplePage(db(), { organizationId, q: "novak", before: page.previousCursor, limit: 50 });
      backward.unshift(...page.rows.map((person) => person.id));
    }
    expect(backward).toEqual(expected);
    // A page boundary inside the three of one name: the next page starts right after the last one shown.
    const sams = await listPeoplePage(db(), { organizationId, q: "sam novakovic", limit: 2 });
    const rest = await listPeoplePage(db(), { organizationId, q: "sam novakovic", after: sams.nextCursor!, limit: 2 });
    expect([...sams.rows, ...rest.rows].map((person) => person.email)).toEqual(["sam.a@same.test", "sam.b@same.test", "sam.c@same.test"]);
    const back = await listPeoplePage(db(), { organizationId, q: "sam novakovic", before: rest.previousCursor!, limit: 2 });
    expect(back.rows.map((person) => person.email)).toEqual(["sam.a@same.test", "sam.b@same.test"]);
    // Each person comes with their details, as on the screen.
    const first = await listPeoplePage(db(), { organizationId, limit: 50 });
    expect(first.rows).toHaveLength(50);
    expect(first.nextCursor).not.toBeNull();
  });

  it("reads a page of people from the name index in its own order, never sorting the organisation", async () => {
    const recorder = recordingDb(getConnection().pool);
    const middle = { name: "Lucia Moreau 10", email: "lucia.moreau10@bulk.test", id: "00000000-0000-4000-8000-000000000000" };
    for (const [label, run] of [
      ["first page", () => listPeoplePage(recorder.db, { organizationId, limit: 50 })],
      ["a page further on", () => listPeoplePage(recorder.db, { organizationId, after: middle, limit: 50 })],
      ["a page back", () => listPeoplePage(recorder.db, { organizationId, before: middle, limit: 50 })],
    ] as const) {
      const statements = await recorder.record(run);
      const plan = await getConnection().pool.query<{ "QUERY PLAN": string }>(`explain (analyze, format text) ${statements[0]!.text}`, statements[0]!.params);
      const text = plan.rows.map((row) => row["QUERY PLAN"]).join("\n");
      expect(text, label).toMatch(/Index (Only )?Scan (Backward )?using users_organization_name_email_id_idx/);
      expect(text, label).not.toMatch(/\bSort\b|Seq Scan on users/);
    }
  });
});
