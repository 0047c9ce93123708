import { eq } from "drizzle-orm";
import type { ReactElement } from "react";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { insertCard } from "@/db/queries/card-updates";
import type { TransactionFilters } from "@/db/queries/transactions";
import { cards } from "@/db/schema/cards";
import { organizations } from "@/db/schema/organizations";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { teams } from "@/db/schema/teams";
import { transactions } from "@/db/schema/transactions";
import type { SessionUser } from "@/lib/auth/session-user";
import { TRANSACTION_PAGE_SIZE, transactionSearchParams } from "@/lib/transactions/list-search";
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
// The filters the page's list query was given (the real query runs): what the list shows.
const applied = vi.hoisted(() => ({ filters: [] as unknown[] }));
vi.mock("@/db/queries/transactions", async (original) => {
  const actual = await original<typeof import("@/db/queries/transactions")>();
  return {
    ...actual,
    listTransactions: (async (db, params) => {
      if (params.limit === TRANSACTION_PAGE_SIZE) applied.filters.push(params.filters);
      return actual.listTransactions(db, params);
    }) satisfies typeof actual.listTransactions,
  };
});

const { default: TransactionsPage } = await import("./page");

const database = withTestDatabase();
const db = () => database.db();
let finance: SessionUser;
let eli: SessionUser;
let emma: SessionUser;
let nobepayId = "";
let operationsId = "";
let marketingId = "";
let emmaCard = "";
/** Eli's card once, now Emma's: Eli still sees the purchase he made with it. */
let handedOnCard = "";
let otherAccountId = "";
let otherTeamId = "";
let otherCard = "";
let serial = 0;

async function purchase(card: string, owner: SessionUser, teamId: string): Promise<void> {
  await db()
    .insert(transactions)
    .values({
      organizationId: owner.organizationId,
      providerAccountId: nobepayId,
      providerTransactionId: `unoffered-${++serial}`,
      cardId: card,
      ownerUserId: owner.id,
      teamId,
      type: "purchase",
      status: "settled",
      statusRank: 2,
      direction: "debit",
      amount: 1_250n,
      currency: "USD",
      merchantName: "Coffee Corner",
      occurredAt: new Date("2026-11-02T10:00:00Z"),
    });
}

beforeAll(async () => {
  await seedOfflineDemo(db());
  finance = await sessionUserFor(db(), "finance@demo.test");
  eli = await sessionUserFor(db(), "employee@demo.test");
  emma = await sessionUserFor(db(), "employee2@demo.test");
  nobepayId = (await listProviderAccounts(db())).find((account) => account.provider === "nobepay")!.id;
  const demoTeams = await db().select().from(teams);
  operationsId = demoTeams.find((team) => team.name === "Operations")!.id;
  marketingId = demoTeams.find((team) => team.name === "Marketing")!.id;
  await activeCardOf(db(), { user: eli, providerAccountId: nobepayId });
  emmaCard = await activeCardOf(db(), { user: emma, providerAccountId: nobepayId });
  await purchase(emmaCard, emma, marketingId);
  handedOnCard = (await insertCard(db(), { organizationId: emma.organizationId, providerAccountId: nobepayId, cardModel: "prepaid", ownerUserId: emma.id, teamId: marketingId, alias: "Handed-on travel card", currency: "USD", status: "active", balance: 0n })).id;
  await purchase(handedOnCard, eli, operationsId);

  const [other] = await db().insert(organizations).values({ name: "Other Co" }).returning();
  const [account] = await db()
    .insert(providerAccounts)
    .values({ organizationId: other!.id, provider: "nobepay", label: "Theirs", baseUrl: "http://127.0.0.1:9", credentialsEncrypted: "x", webhookSecretDigest: crypto.randomUUID() })
    .returning();
  otherAccountId = account!.id;
  otherTeamId = (await db().insert(teams).values({ organizationId: other!.id, name: "Operations" }).returning())[0]!.id;
  otherCard = (await insertCard(db(), { organizationId: other!.id, providerAccountId: otherAccountId, cardModel: "prepaid", alias: "Their card", currency: "USD", status: "active", balance: 0n })).id;
});

/** The page as this person opens it from a link: what its filter bar is handed, its notice, and what its list applied. */
async function open(email: string, searchParams: Record<string, string>) {
  cookie.sessionId = await sessionIdFor(db(), email);
  applied.filters = [];
  const tree = (await TransactionsPage({ searchParams: Promise.resolve(searchParams) })) as ReactElement;
  expect(applied.filters).toHaveLength(1);
  const filters = applied.filters[0] as TransactionFilters;
  const bar = filterBarOf(tree);
  // Whatever the link said: the bar shows exactly the filters the list applies, each as one of its controls' choices.
  expect(valuesTheBarCannotShow(bar), "values the list applies but the bar cannot show").toEqual([]);
  expect(bar.values).toEqual(Object.fromEntries(transactionSearchParams(filters)));
  return { bar, filters, ignored: ignoredOf(tree) };
}

describe("/transactions: a filter from the link that the bar does not offer this viewer", () => {
  it("drops another team for a manager, with the notice, and keeps their own team", async () => {
    const other = await open("manager@demo.test", { team: marketingId });
    expect(other.filters.teamId).toBeUndefined();
    expect(other.ignored).toEqual([{ field: "team", label: "Team", message: "Not one of the teams you can see; showing every team." }]);
    const own = await open("manager@demo.test", { team: operationsId });
    expect(own.filters.teamId).toBe(operationsId);
    expect(own.ignored).toEqual([]);
  });

  it("drops any team for a person who sees only their own transactions (the bar has no team control for them)", async () => {
    const page = await open("employee@demo.test", { team: operationsId });
    expect(page.filters.teamId).toBeUndefined();
    expect(page.ignored.map((issue) => issue.field)).toEqual(["team"]);
  });

  it("drops another organisation's team and account, and an account that does not exist, and keeps one of ours", async () => {
    const foreign = await open("finance@demo.test", { team: otherTeamId, account: otherAccountId });
    expect(foreign.filters).toEqual({});
    expect(foreign.ignored).toEqual([
      { field: "account", label: "Account", message: "Not one of your organisation's provider accounts; showing every account." },
      { field: "team", label: "Team", message: "Not one of the teams you can see; showing every team." },
    ]);
    const missing = await open("finance@demo.test", { account: crypto.randomUUID() });
    expect(missing.ignored.map((issue) => issue.field)).toEqual(["account"]);
    const ours = await open("finance@demo.test", { account: nobepayId });
    expect(ours.filters.accountId).toBe(nobepayId);
    expect(ours.ignored).toEqual([]);
  });

  it("drops a card the viewer may not see (another team's, another organisation's, none at all), with the notice and no card chip", async () => {
    for (const [email, card] of [
      ["manager@demo.test", emmaCard],
      ["finance@demo.test", otherCard],
      ["finance@demo.test", crypto.randomUUID()],
    ] as const) {
      const page = await open(email, { card });
      expect(page.filters.cardId).toBeUndefined();
      expect(page.bar.fields.map((field) => field.name)).not.toContain("card");
      expect(page.ignored).toEqual([{ field: "card", label: "Card", message: "Not one of the cards you can see; showing every card." }]);
    }
    const seen = await open("finance@demo.test", { card: emmaCard });
    expect(seen.filters.cardId).toBe(emmaCard);
    expect(selectedOption(seen.bar, "card")?.label).toBe(`Card of ${emma.email}`);
  });

  it("keeps a card handed on to someone else for the person whose purchases on it they still see, named as their rows name it", async () => {
    const page = await open("employee@demo.test", { card: handedOnCard });
    expect(page.filters.cardId).toBe(handedOnCard);
    expect(page.ignored).toEqual([]);
    expect(selectedOption(page.bar, "card")?.label).toBe("Handed-on travel card");
  });

  it("offers a person who sees only their own transactions each of their own cards, by name and last four", async () => {
    const own = await db().select({ id: cards.id, alias: cards.alias, last4: cards.last4 }).from(cards).where(eq(cards.ownerUserId, eli.id));
    expect(own.length).toBeGreaterThan(0);
    const page = await open("employee@demo.test", {});
    const field = page.bar.fields.find((candidate) => candidate.name === "card");
    expect(field?.kind === "select" ? field.options : undefined).toEqual(
      own
        .sort((a, b) => a.alias.toLowerCase().localeCompare(b.alias.toLowerCase()) || a.id.localeCompare(b.id))
        .map((card) => ({ value: card.id, label: card.last4 ? `${card.alias} ·· ${card.last4}` : card.alias })),
    );
    // Not a card of someone else's (Emma's), nor the one handed on (its rows still show; the link's card would be added).
    expect(JSON.stringify(field)).not.toContain(emmaCard);
    expect(JSON.stringify(field)).not.toContain(handedOnCard);
    // Whoever sees others' transactions narrows by cardholder or team: no list of every card.
    for (const email of ["manager@demo.test", "finance@demo.test"]) {
      expect((await open(email, {})).bar.fields.some((candidate) => candidate.name === "card"), email).toBe(false);
    }
  });

  it("offers a person who sees only their own transactions the accounts and providers of their cards and purchases, and keeps a link's other provider", async () => {
    const optionsOf = (bar: Awaited<ReturnType<typeof open>>["bar"], name: string) => {
      const field = bar.fields.find((candidate) => candidate.name === name);
      return field?.kind === "select" ? field.options : undefined;
    };
    // Eli's card and his purchases are all with NobePay.
    const own = await open("employee@demo.test", {});
    expect(optionsOf(own.bar, "account")).toEqual([{ value: nobepayId, label: "NobePay sandbox" }]);
    expect(optionsOf(own.bar, "provider")).toEqual([{ value: "nobepay", label: "NobePay" }]);
    // Another of the company's accounts, from a colleague's link: not his, so dropped with a notice that says why.
    const openapiId = (await listProviderAccounts(db())).find((account) => account.provider === "cardopenapi")!.id;
    const theirs = await open("employee@demo.test", { account: openapiId });
    expect(theirs.filters.accountId).toBeUndefined();
    expect(theirs.ignored).toEqual([{ field: "account", label: "Account", message: "Not an account your cards or purchases are with; showing every account." }]);
    // A provider is one of the three whatever the company: kept, and shown as chosen, marked as none of his.
    const provider = await open("employee@demo.test", { provider: "cardepass" });
    expect(provider.filters.provider).toBe("cardepass");
    expect(provider.ignored).toEqual([]);
    expect(optionsOf(provider.bar, "provider")).toEqual([
      { value: "cardepass", label: "Cardepass (none of yours)" },
      { value: "nobepay", label: "NobePay" },
    ]);
    // Whoever sees others' transactions is offered every account of the company and their providers.
    for (const email of ["manager@demo.test", "finance@demo.test"]) {
      const page = await open(email, {});
      expect(optionsOf(page.bar, "account")?.map((option) => option.label), email).toEqual(["Card OPEN-API sandbox", "Cardepass sandbox", "NobePay sandbox"]);
      expect(optionsOf(page.bar, "provider")?.map((option) => option.value), email).toEqual(["cardepass", "nobepay", "cardopenapi"]);
    }
  });

  it("offers a person who sees only their own transactions the currencies of their cards and purchases, and keeps a link's other one, marked so", async () => {
    const currencyOptions = (bar: Awaited<ReturnType<typeof open>>["bar"]) => {
      const field = bar.fields.find((candidate) => candidate.name === "currency");
      return field?.kind === "select" ? field.options : undefined;
    };
    // The company has a JPY card now, Emma's; all of Eli's cards and purchases are in USD.
    await activeCardOf(db(), { user: emma, providerAccountId: nobepayId, currency: "JPY" });
    expect(currencyOptions((await open("employee@demo.test", {})).bar)).toEqual([{ value: "USD", label: "USD" }]);
    const jpy = await open("employee@demo.test", { currency: "JPY" });
    expect(jpy.filters.currency).toBe("JPY");
    expect(jpy.ignored).toEqual([]);
    expect(selectedOption(jpy.bar, "currency")).toEqual({ value: "JPY", label: "JPY (none of yours)" });
    expect(currencyOptions((await open("finance@demo.test", {})).bar)?.map((option) => option.value)).toEqual(["JPY", "USD"]);
  });

  it("drops a cardholder the viewer may not see, and keeps one they may", async () => {
    const other = await open("manager@demo.test", { owner: emma.id });
    expect(other.filters.ownerUserId).toBeUndefined();
    expect(other.ignored).toEqual([{ field: "owner", label: "Cardholder", message: "Not one of the people you can see; showing every cardholder." }]);
    const own = await open("manager@demo.test", { owner: eli.id });
    expect(own.filters.ownerUserId).toBe(eli.id);
  });

  it("shows a currency no card is in as the chosen one, marked so, and drops a code that is not a currency", async () => {
    const eur = await open("finance@demo.test", { currency: "eur" });
    expect(eur.filters.currency).toBe("EUR");
    expect(eur.ignored).toEqual([]);
    expect(selectedOption(eur.bar, "currency")).toEqual({ value: "EUR", label: "EUR (no cards)" });
    const usd = await open("finance@demo.test", { currency: "USD" });
    expect(selectedOption(usd.bar, "currency")).toEqual({ value: "USD", label: "USD" });
    const xxx = await open("finance@demo.test", { currency: "XXX" });
    expect(xxx.filters.currency).toBeUndefined();
    expect(xxx.ignored).toEqual([{ field: "currency", label: "Currency", message: "XXX is not a currency code; showing every currency." }]);
  });

  it("keeps the notice for malformed values as it was, beside a dropped unoffered one", async () => {
    const page = await open("manager@demo.test", { team: marketingId, status: "nope" });
    expect(page.ignored.map((issue) => issue.field)).toEqual(["status", "team"]);
    expect(finance.organizationId).toBe(eli.organizationId);
  });
});
