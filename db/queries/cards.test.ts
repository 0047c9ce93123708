import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { cards } from "@/db/schema/cards";
import { organizations } from "@/db/schema/organizations";
import { products } from "@/db/schema/products";
import { providerAccounts, type ProviderName } from "@/db/schema/provider-accounts";
import { storedWebhookSecret } from "@/lib/provider-accounts/webhook-secret";
import { teams } from "@/db/schema/teams";
import { seedDemoActors, type DemoActors } from "@/lib/audit/test-actors";
import { visibilityFor } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { findCardForView, listCardCurrencies, listCards, type CardListFilters, type CardListRow, type CardSort } from "./cards";

const database = withTestDatabase();
let actors: DemoActors;
let accounts: Record<ProviderName, string>;
let operations: string;
let marketing: string;
let productId: string;
let otherOrgCardId: string;
const TIE = new Date("2025-01-01T00:00:00.000Z");
const tied: string[] = [];

type Seed = Partial<typeof cards.$inferInsert> & { alias: string };

async function insertCard(seed: Seed): Promise<string> {
  const [row] = await database
    .db()
    .insert(cards)
    .values({
      organizationId: actors.finance.organizationId,
      providerAccountId: accounts.cardepass,
      cardModel: "sharebalance",
      currency: "USD",
      status: "active",
      ...seed,
    })
    .returning({ id: cards.id });
  return row!.id;
}

function scopeOf(user: SessionUser) {
  const visibility = visibilityFor(user, "card.view");
  if (!visibility) throw new Error(`${user.email} cannot view cards`);
  return { organizationId: user.organizationId, visibility };
}

async function aliases(user: SessionUser, filters: CardListFilters = {}, sort: CardSort = { field: "alias", direction: "asc" }): Promise<string[]> {
  const page = await listCards(database.db(), { ...scopeOf(user), filters, sort, limit: 100 });
  return page.rows.map((row) => row.alias);
}

beforeAll(async () => {
  const db = database.db();
  actors = await seedDemoActors(db);
  operations = actors.manager.managedTeamIds[0]!;
  marketing = actors.manager2.managedTeamIds[0]!;
  const accountRows = await db.select({ id: providerAccounts.id, provider: providerAccounts.provider }).from(providerAccounts);
  accounts = Object.fromEntries(accountRows.map((row) => [row.provider, row.id])) as Record<ProviderName, string>;
  const [product] = await db
    .insert(products)
    .values({ providerAccountId: accounts.cardepass, providerProductId: "DGG0C4JD", name: "General card", cardModels: ["sharebalance"], currencies: ["USD"] })
    .returning({ id: products.id });
  productId = product!.id;
  const { employee, employee2, manager, finance } = actors;
  const day = (n: number) => new Date(Date.UTC(2025, 0, 10 + n));

  await insertCard({ alias: "Eli ads", ownerUserId: employee.id, teamId: operations, last4: "1111", maskedNumber: "411111******1111", createdAt: day(1), productId, limitLifetime: 100000n, limitUsed: 2500n, balance: 97500n });
  await insertCard({ alias: "Eli travel", ownerUserId: employee.id, teamId: operations, status: "frozen", last4: "2222", createdAt: day(2), providerAccountId: accounts.nobepay, cardModel: "prepaid", balance: 5000n });
  await insertCard({ alias: "Emma software", ownerUserId: employee2.id, teamId: marketing, last4: "3333", currency: "EUR", createdAt: day(3), providerAccountId: accounts.cardopenapi, cardModel: "prepaid", balance: 120000n });
  await insertCard({ alias: "Omar fuel", ownerUserId: manager.id, teamId: operations, last4: "4444", createdAt: day(4), cardModel: "standard", balance: 0n });
  await insertCard({ alias: "Company SaaS", ownerUserId: finance.id, teamId: null, last4: "5555", status: "cancelled", createdAt: day(5) });
  await insertCard({ alias: "50%_off promo", ownerUserId: null, teamId: marketing, last4: "6666", createdAt: day(6), balance: 999n, cardModel: "standard" });
  // Seven cards created in the same microsecond: only the id can order them.
  for (let index = 0; index < 7; index += 1) tied.push(await insertCard({ alias: `Tied ${index}`, ownerUserId: finance.id, createdAt: TIE }));

  const [otherOrg] = await db.insert(organizations).values({ name: "Other Company" }).returning();
  const [otherAccount] = await db
    .insert(providerAccounts)
    .values({ organizationId: otherOrg!.id, provider: "cardepass", label: "Other", baseUrl: "http://127.0.0.1:1", credentialsEncrypted: "x", ...storedWebhookSecret(randomBytes(8).toString("hex")) })
    .returning();
  const [otherTeam] = await db.insert(teams).values({ organizationId: otherOrg!.id, name: "Operations" }).returning();
  otherOrgCardId = await insertCard({ alias: "Eli ads elsewhere", organizationId: otherOrg!.id, providerAccountId: otherAccount!.id, teamId: otherTeam!.id, last4: "1111" });
});

const NAMED = ["50%_off promo", "Company SaaS", "Eli ads", "Eli travel", "Emma software", "Omar fuel"];
const TIED = ["Tied 0", "Tied 1", "Tied 2", "Tied 3", "Tied 4", "Tied 5", "Tied 6"];

describe("card visibility, applied in SQL", () => {
  it("gives finance, auditors and admins every card of their organisation and none of another's", async () => {
    for (const user of [actors.finance, actors.auditor, actors.admin]) expect(await aliases(user)).toEqual([...NAMED, ...TIED]);
  });

  it("gives employees only their own cards", async () => {
    expect(await aliases(actors.employee)).toEqual(["Eli ads", "Eli travel"]);
    expect(await aliases(actors.employee2)).toEqual(["Emma software"]);
  });

  it("gives managers their own cards plus those of the teams they manage", async () => {
    expect(await aliases(actors.manager)).toEqual(["Eli ads", "Eli travel", "Omar fuel"]);
    expect(await aliases(actors.manager2)).toEqual(["50%_off promo", "Emma software"]);
  });

  it("never widens visibility through a filter", async () => {
    expect(await aliases(actors.employee, { ownerUserId: actors.employee2.id })).toEqual([]);
    expect(await aliases(actors.manager, { teamId: marketing })).toEqual([]);
    expect(await aliases(actors.employee, { q: "Emma" })).toEqual([]);
  });
});

describe("card filters", () => {
  it("filters by provider, status, owner, team and currency", async () => {
    const { finance } = actors;
    expect(await aliases(finance, { provider: "nobepay" })).toEqual(["Eli travel"]);
    expect(await aliases(finance, { provider: "cardopenapi" })).toEqual(["Emma software"]);
    expect(await aliases(finance, { status: "frozen" })).toEqual(["Eli travel"]);
    expect(await aliases(finance, { ownerUserId: actors.manager.id })).toEqual(["Omar fuel"]);
    expect(await aliases(finance, { teamId: marketing })).toEqual(["50%_off promo", "Emma software"]);
    expect(await aliases(finance, { currency: "EUR" })).toEqual(["Emma software"]);
    expect(await aliases(finance, { provider: "cardepass", teamId: operations })).toEqual(["Eli ads", "Omar fuel"]);
  });

  it("searches alias (case-insensitive, wildcards literal), last four and owner name", async () => {
    const { finance } = actors;
    expect(await aliases(finance, { q: "eli" })).toEqual(["Eli ads", "Eli travel"]);
    expect(await aliases(finance, { q: "3333" })).toEqual(["Emma software"]);
    expect(await aliases(finance, { q: "Omar Operations" })).toEqual(["Omar fuel"]);
    expect(await aliases(finance, { q: "50%_" })).toEqual(["50%_off promo"]);
    expect(await aliases(finance, { q: "%" })).toEqual(["50%_off promo"]);
    expect(await aliases(finance, { q: "nothing like this" })).toEqual([]);
  });

  it("searches a manager's cards by alias the same way (their branches match within their teams, not by trigram)", async () => {
    const { manager2 } = actors;
    expect(await aliases(manager2, { q: "PROMO" })).toEqual(["50%_off promo"]);
    expect(await aliases(manager2, { q: "sOfT" })).toEqual(["Emma software"]);
    expect(await aliases(manager2, { q: "50%_" })).toEqual(["50%_off promo"]);
    expect(await aliases(manager2, { q: "%" })).toEqual(["50%_off promo"]);
    expect(await aliases(manager2, { q: "0%o" })).toEqual([]);
    expect(await aliases(manager2, { q: "Eli" })).toEqual([]);
  });

  it("lists the organisation's card currencies", async () => {
    expect(await listCardCurrencies(database.db(), { organizationId: actors.finance.organizationId })).toEqual(["EUR", "USD"]);
  });

  it("keeps the stored currency list from the cards table's own writes, whoever writes", async () => {
    const db = database.db();
    const id = await insertCard({ alias: "Currency probe", currency: "GBP" });
    await db.execute(`update cards set currency = 'JPY' where id = '${id}'`);
    // A currency once held stays listed (the filter can still find the cards' history); other organisations' never appear.
    expect(await listCardCurrencies(db, { organizationId: actors.finance.organizationId })).toEqual(["EUR", "GBP", "JPY", "USD"]);
    await db.execute(`delete from cards where id = '${id}'`);
  });
});

describe("card sorting", () => {
  it("sorts by alias case-insensitively both ways", async () => {
    expect(await aliases(actors.manager, {}, { field: "alias", direction: "desc" })).toEqual(["Omar fuel", "Eli travel", "Eli ads"]);
  });

  it("sorts by balance within one currency, cards without a balance lowest", async () => {
    const sorted = await aliases(actors.finance, { currency: "USD" }, { field: "balance", direction: "desc" });
    // Emma's €1,200.00 (120000 minor units) is not ranked among dollars, and the $975.00 the provider reports for
    // Eli's ShareBalance card is not money on that card: it ranks with the cards that hold none of their own.
    expect(sorted.slice(0, 3)).toEqual(["Eli travel", "50%_off promo", "Omar fuel"]);
    expect(sorted.slice(3).sort()).toEqual(["Company SaaS", "Eli ads", ...TIED]);
    expect(await aliases(actors.finance, { currency: "EUR" }, { field: "balance", direction: "desc" })).toEqual(["Emma software"]);
    expect(await aliases(actors.employee, { currency: "USD" }, { field: "balance", direction: "asc" })).toEqual(["Eli ads", "Eli travel"]);
  });

  it("refuses to rank balances across currencies", async () => {
    await expect(aliases(actors.finance, {}, { field: "balance", direction: "desc" })).rejects.toThrow("needs a currency filter");
  });

  it("sorts by creation, newest first", async () => {
    const sorted = await aliases(actors.finance, {}, { field: "created", direction: "desc" });
    expect(sorted.slice(0, 6)).toEqual(["50%_off promo", "Company SaaS", "Omar fuel", "Emma software", "Eli travel", "Eli ads"]);
  });
});

async function walk(user: SessionUser, sort: CardSort, limit: number, filters: CardListFilters = {}) {
  const db = database.db();
  const forward: CardListRow[][] = [];
  let page = await listCards(db, { ...scopeOf(user), filters, sort, limit });
  expect(page.previousCursor).toBeNull();
  forward.push(page.rows);
  while (page.nextCursor) {
    page = await listCards(db, { ...scopeOf(user), filters, sort, limit, after: page.nextCursor });
    forward.push(page.rows);
    expect(forward.length).toBeLessThan(50);
  }
  const backward: CardListRow[][] = [page.rows];
  while (page.previousCursor) {
    page = await listCards(db, { ...scopeOf(user), filters, sort, limit, before: page.previousCursor });
    backward.unshift(page.rows);
    expect(backward.length).toBeLessThan(50);
  }
  return { forward: forward.map((rows) => rows.map((row) => row.id)), backward: backward.map((rows) => rows.map((row) => row.id)) };
}

describe("keyset pagination", () => {
  it("walks cards with identical creation times exactly once, in id order, forward and back", async () => {
    const { forward, backward } = await walk(actors.finance, { field: "created", direction: "desc" }, 3, { q: "Tied" });
    const expected = [...tied].sort().reverse();
    expect(forward.flat()).toEqual(expected);
    expect(forward.map((rows) => rows.length)).toEqual([3, 3, 1]);
    expect(backward).toEqual(forward);
  });

  it("pages every sort in both directions without gaps or repeats", async () => {
    for (const field of ["created", "alias", "balance"] as const) {
      for (const direction of ["asc", "desc"] as const) {
        const filters: CardListFilters = field === "balance" ? { currency: "USD" } : {};
        const all = (await listCards(database.db(), { ...scopeOf(actors.finance), filters, sort: { field, direction }, limit: 100 })).rows.map((row) => row.id);
        const { forward, backward } = await walk(actors.finance, { field, direction }, 4, filters);
        expect(forward.flat(), `${field} ${direction}`).toEqual(all);
        expect(backward, `${field} ${direction}`).toEqual(forward);
        // Every card, or every dollar card for a balance sort (Emma's euro card is ranked with euros).
        expect(new Set(all).size).toBe(field === "balance" ? 12 : 13);
      }
    }
  });

  it("keeps microsecond creation times exact in the cursor", async () => {
    const db = database.db();
    const a = await insertCard({ alias: "Micro a", createdAt: new Date("2025-02-01T00:00:00.000Z") });
    await db.execute(`update cards set created_at = '2025-02-01T00:00:00.000001Z' where id = '${a}'`);
    await insertCard({ alias: "Micro b", createdAt: new Date("2025-02-01T00:00:00.000Z") });
    const { forward } = await walk(actors.finance, { field: "created", direction: "desc" }, 1, { q: "Micro" });
    expect(forward.flat()).toHaveLength(2);
    expect(new Set(forward.flat()).size).toBe(2);
  });
});

describe("findCardForView", () => {
  it("returns the card with owner, team, account and product names", async () => {
    const [row] = (await listCards(database.db(), { ...scopeOf(actors.finance), filters: { q: "Eli ads" }, sort: { field: "alias", direction: "asc" }, limit: 1 })).rows;
    const view = await findCardForView(database.db(), row!.id);
    expect(view).toMatchObject({
      alias: "Eli ads",
      ownerName: "Eli Employee",
      ownerEmail: "employee@demo.test",
      teamName: "Operations",
      provider: "cardepass",
      accountLabel: "Cardepass sandbox",
      productName: "General card",
      providerProductId: "DGG0C4JD",
      limitUsed: 2500n,
    });
  });

  it("returns another organisation's card unfiltered (the page checks it) and null for an unknown id", async () => {
    expect((await findCardForView(database.db(), otherOrgCardId))?.organizationId).not.toBe(actors.finance.organizationId);
    expect(await findCardForView(database.db(), "00000000-0000-4000-8000-000000000000")).toBeNull();
  });
});
