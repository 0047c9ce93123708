import type { ReactElement } from "react";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import type { CardListFilters, CardSort } from "@/db/queries/cards";
import { organizations } from "@/db/schema/organizations";
import { teams } from "@/db/schema/teams";
import type { SessionUser } from "@/lib/auth/session-user";
import { activeCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { filterBarOf, ignoredOf, selectedOption, valuesTheBarCannotShow } from "@/test/filter-bar-tree";
import { seedOfflineDemo } from "@/test/offline-demo";
import { sessionIdFor, sessionUserFor, TEST_META } from "@/test/session-user";

// Only the cookie is stubbed: which session it names. Who that is and what they may see is decided by the real code.
const cookie = vi.hoisted(() => ({ sessionId: null as string | null }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => (cookie.sessionId ? { sessionId: cookie.sessionId } : null) }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.stubEnv("__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS", "true");
// What the page's list query was given (the real query runs): what the list shows.
const applied = vi.hoisted(() => ({ calls: [] as { filters: unknown; sort: unknown }[] }));
vi.mock("@/db/queries/cards", async (original) => {
  const actual = await original<typeof import("@/db/queries/cards")>();
  return {
    ...actual,
    listCards: (async (db, params) => {
      applied.calls.push({ filters: params.filters, sort: params.sort });
      return actual.listCards(db, params);
    }) satisfies typeof actual.listCards,
  };
});

const { default: CardsPage } = await import("./page");

const database = withTestDatabase();
const db = () => database.db();
let emma: SessionUser;
let eli: SessionUser;
let operationsId = "";
let marketingId = "";
let otherTeamId = "";

beforeAll(async () => {
  await seedOfflineDemo(db());
  eli = await sessionUserFor(db(), "employee@demo.test");
  emma = await sessionUserFor(db(), "employee2@demo.test");
  const nobepayId = (await listProviderAccounts(db())).find((account) => account.provider === "nobepay")!.id;
  const demoTeams = await db().select().from(teams);
  operationsId = demoTeams.find((team) => team.name === "Operations")!.id;
  marketingId = demoTeams.find((team) => team.name === "Marketing")!.id;
  await activeCardOf(db(), { user: eli, providerAccountId: nobepayId });
  await activeCardOf(db(), { user: emma, providerAccountId: nobepayId });
  // Marketing alone holds a GBP card: the organisation has one, Operations' manager sees none.
  await activeCardOf(db(), { user: emma, providerAccountId: nobepayId, currency: "GBP" });
  const [other] = await db().insert(organizations).values({ name: "Other Co" }).returning();
  otherTeamId = (await db().insert(teams).values({ organizationId: other!.id, name: "Operations" }).returning())[0]!.id;
});

/** The page as this person opens it from a link: what its filter bar is handed, its notice, and what its list applied. */
async function open(email: string, searchParams: Record<string, string>) {
  cookie.sessionId = await sessionIdFor(db(), email);
  applied.calls = [];
  const tree = (await CardsPage({ searchParams: Promise.resolve(searchParams) })) as ReactElement;
  expect(applied.calls).toHaveLength(1);
  const { filters, sort } = applied.calls[0] as { filters: CardListFilters; sort: CardSort };
  const bar = filterBarOf(tree);
  // Whatever the link said: the bar shows exactly the filters the list applies, each as one of its controls' choices.
  expect(valuesTheBarCannotShow(bar), "values the list applies but the bar cannot show").toEqual([]);
  const shown = Object.fromEntries(Object.entries(bar.values).filter(([name, value]) => name !== "order" && value));
  const query = { q: filters.q, provider: filters.provider, status: filters.status, owner: filters.ownerUserId, team: filters.teamId, currency: filters.currency };
  expect(shown).toEqual(Object.fromEntries(Object.entries(query).filter(([, value]) => value)));
  expect(bar.values.order).toBe(`sort=${sort.field}&dir=${sort.direction}`);
  return { bar, filters, ignored: ignoredOf(tree) };
}

describe("/cards: a filter from the link that the bar does not offer this viewer", () => {
  it("drops another team (or another organisation's) for a manager, with the notice, and keeps their own team", async () => {
    for (const team of [marketingId, otherTeamId]) {
      const page = await open("manager@demo.test", { team });
      expect(page.filters.teamId).toBeUndefined();
      expect(page.ignored).toEqual([{ field: "team", label: "Team", message: "Not one of the teams you can see; showing every team." }]);
    }
    const own = await open("manager@demo.test", { team: operationsId });
    expect(own.filters.teamId).toBe(operationsId);
    expect(own.ignored).toEqual([]);
  });

  it("drops a team or another person for someone who sees only their own cards (the bar has neither control for them)", async () => {
    const page = await open("employee@demo.test", { team: operationsId, owner: emma.id });
    expect(page.filters).toEqual({});
    expect(page.ignored).toEqual([
      { field: "owner", label: "Owner", message: "Not one of the people you can see; showing every owner." },
      { field: "team", label: "Team", message: "Not one of the teams you can see; showing every team." },
    ]);
  });

  it("drops an owner the manager may not see, and keeps one they may", async () => {
    const other = await open("manager@demo.test", { owner: emma.id });
    expect(other.filters.ownerUserId).toBeUndefined();
    expect(other.ignored.map((issue) => issue.field)).toEqual(["owner"]);
    const own = await open("manager@demo.test", { owner: eli.id });
    expect(own.filters.ownerUserId).toBe(eli.id);
  });

  it("offers the providers of the viewer's own cards to someone who sees only theirs, and keeps a link's other provider, marked so", async () => {
    const providerOptions = (bar: Awaited<ReturnType<typeof open>>["bar"]) => {
      const field = bar.fields.find((candidate) => candidate.name === "provider");
      return field?.kind === "select" ? field.options : undefined;
    };
    // Eli's only card is with NobePay; the company has Cardepass and Card OPEN-API accounts too.
    expect(providerOptions((await open("employee@demo.test", {})).bar)).toEqual([{ value: "nobepay", label: "NobePay" }]);
    const other = await open("employee@demo.test", { provider: "cardopenapi" });
    expect(other.filters.provider).toBe("cardopenapi");
    expect(other.ignored).toEqual([]);
    expect(selectedOption(other.bar, "provider")).toEqual({ value: "cardopenapi", label: "Card OPEN-API (none of yours)" });
    // Whoever sees others' cards is offered the provider of every account of the company.
    for (const email of ["manager@demo.test", "finance@demo.test"]) {
      expect(providerOptions((await open(email, {})).bar)?.map((option) => option.value), email).toEqual(["cardepass", "nobepay", "cardopenapi"]);
    }
  });

  it("shows a currency none of the viewer's cards is in as the chosen one, marked so, and drops a code that is not a currency", async () => {
    const eur = await open("finance@demo.test", { currency: "EUR" });
    expect(eur.filters.currency).toBe("EUR");
    expect(eur.ignored).toEqual([]);
    expect(selectedOption(eur.bar, "currency")).toEqual({ value: "EUR", label: "EUR (no cards)" });
    const gbp = await open("manager@demo.test", { currency: "GBP" });
    expect(gbp.filters.currency).toBe("GBP");
    expect(selectedOption(gbp.bar, "currency")).toEqual({ value: "GBP", label: "GBP (no cards you can see)" });
    const xxx = await open("finance@demo.test", { currency: "XXX", sort: "balance" });
    expect(xxx.ignored).toEqual([{ field: "currency", label: "Currency", message: "XXX is not a currency code; showing every currency." }]);
    // A balance sort then ranks one currency the viewer holds cards in, as it does with no currency in the link.
    expect(xxx.filters.currency).toBe("GBP");
  });
});
