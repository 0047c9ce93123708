import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { findCard } from "@/db/queries/card-updates";
import { cards } from "@/db/schema/cards";
import { products } from "@/db/schema/products";
import { teamMemberships } from "@/db/schema/teams";
import { userRoles, users, type Role } from "@/db/schema/users";
import type { ActionError } from "@/lib/actions/result";
import type { SessionUser } from "@/lib/auth/session-user";
import { createRequestSchema } from "@/lib/requests/schemas";
import { activeCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { reassignCard } from "./edit-card";
import { issueCard, prepareIssue } from "./issue-card";
import { issueCardSchema } from "./schemas";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getUsableUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));
const { GET } = await import("@/app/api/people/route");
const { createRequest } = await import("@/lib/requests/create-request");

const database = withTestDatabase();
const db = () => database.db();
let accountId = "";
let finance: SessionUser;
let eli: SessionUser;
/** The demo's auditor and administrator, in a team (so only their roles stand in the way), and two of mixed roles. */
const holders: Record<"auditor" | "admin" | "auditorAdmin" | "auditorEmployee" | "adminManager", SessionUser> = {} as never;

async function personWith(email: string, name: string, roles: Role[], teamId: string): Promise<SessionUser> {
  const [user] = await db().insert(users).values({ organizationId: finance.organizationId, email, name, passwordHash: "x" }).returning();
  await db().insert(userRoles).values(roles.map((role) => ({ userId: user!.id, role })));
  await db().insert(teamMemberships).values({ teamId, userId: user!.id, isManager: false });
  return sessionUserFor(db(), email);
}

const issueInput = (ownerUserId: string) =>
  issueCardSchema.parse({ kind: "cardopenapi", accountId, productId: "BIN-HOLDER", ownerUserId, alias: "Travel", initialAmount: "20" });

async function refusal(work: Promise<unknown>): Promise<ActionError> {
  const error = await work.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!error) throw new Error("expected a refusal");
  return error as ActionError;
}

beforeAll(async () => {
  accountId = await seedOfflineDemo(db());
  await db().insert(products).values({ providerAccountId: accountId, providerProductId: "BIN-HOLDER", name: "BIN", cardModels: ["prepaid"], currencies: ["USD"] });
  finance = await sessionUserFor(db(), "finance@demo.test");
  eli = await sessionUserFor(db(), "employee@demo.test");
  const operations = eli.teamIds[0]!;
  for (const email of ["auditor@demo.test", "admin@demo.test"]) {
    const person = await sessionUserFor(db(), email);
    await db().insert(teamMemberships).values({ teamId: operations, userId: person.id, isManager: false });
  }
  holders.auditor = await sessionUserFor(db(), "auditor@demo.test");
  holders.admin = await sessionUserFor(db(), "admin@demo.test");
  holders.auditorAdmin = await personWith("aa@demo.test", "Avery Auditadmin", ["auditor", "admin"], operations);
  holders.auditorEmployee = await personWith("ae@demo.test", "Abel Auditemployee", ["auditor", "employee"], operations);
  holders.adminManager = await personWith("am@demo.test", "Amal Adminmanager", ["admin", "manager"], operations);
});

describe("who may be a card's owner", () => {
  it("refuses to issue a card to a person who is only an auditor and/or administrator, on the owner field", async () => {
    for (const holder of [holders.auditor, holders.admin, holders.auditorAdmin]) {
      const before = await db().select({ id: cards.id }).from(cards).where(eq(cards.ownerUserId, holder.id));
      const error = await refusal(issueCard(db(), finance, TEST_META, issueInput(holder.id)));
      expect(Object.keys(error.fields ?? {})).toEqual(["ownerUserId"]);
      expect(error.fields?.ownerUserId).toMatch(/cannot hold a card/);
      expect(await db().select({ id: cards.id }).from(cards).where(eq(cards.ownerUserId, holder.id))).toEqual(before);
    }
  });

  it("lets a card be planned for a person who holds the employee or manager role besides", async () => {
    for (const holder of [holders.auditorEmployee, holders.adminManager]) {
      const plan = await prepareIssue(db(), finance, issueInput(holder.id));
      expect(plan.owner?.id).toBe(holder.id);
    }
  });

  it("refuses to reassign a card to such a person, and keeps its holder", async () => {
    const cardId = await activeCardOf(db(), { user: eli, providerAccountId: accountId });
    for (const holder of [holders.auditor, holders.admin]) {
      const error = await refusal(reassignCard(db(), finance, TEST_META, { cardId, ownerUserId: holder.id }));
      expect(error.fields?.ownerUserId).toMatch(/cannot hold a card/);
      expect((await findCard(db(), cardId))?.ownerUserId).toBe(eli.id);
    }
    await reassignCard(db(), finance, TEST_META, { cardId, ownerUserId: holders.auditorEmployee.id });
    expect((await findCard(db(), cardId))?.ownerUserId).toBe(holders.auditorEmployee.id);
  });

  it("refuses finance's new-card request on behalf of such a person, on the For field", async () => {
    const input = createRequestSchema.parse({
      kind: "new_card",
      purpose: "Travel",
      beneficiaryUserId: holders.auditor.id,
      card: { kind: "cardopenapi", accountId, productId: "BIN-HOLDER", alias: "Travel", initialAmount: "20", tags: [] },
    });
    const error = await refusal(createRequest(db(), finance, TEST_META, input));
    expect(error.fields?.beneficiaryUserId).toMatch(/cannot hold a card/);
  });

  it("leaves them out of the owner picker, and only there", async () => {
    session.user = finance;
    const names = async (query: string) => ((await (await GET(new Request(`http://localhost/api/people?${query}`))).json()) as { people: { name: string }[] }).people.map((person) => person.name);
    const owners = await names("purpose=assign&q=demo.test");
    expect(owners).toContain("Abel Auditemployee");
    expect(owners).toContain("Amal Adminmanager");
    expect(owners).toContain("Eli Employee");
    for (const name of ["Aude Auditor", "Ada Admin", "Avery Auditadmin"]) expect(owners).not.toContain(name);
    const filter = await names("purpose=filter&q=demo.test");
    for (const name of ["Aude Auditor", "Ada Admin", "Avery Auditadmin"]) expect(filter).toContain(name);
  });

  it("refuses a search holding a NUL on its field (400), never a database error", async () => {
    session.user = finance;
    for (const q of ["%00", "a%00b"]) {
      const response = await GET(new Request(`http://localhost/api/people?purpose=filter&q=${q}`));
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: "invalid_query", fields: { q: expect.stringContaining("not allowed") } });
    }
  });
});
