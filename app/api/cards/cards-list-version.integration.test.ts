import { beforeAll, describe, expect, it, vi } from "vitest";
import { updateCard } from "@/db/queries/card-updates";
import { listCards } from "@/db/queries/cards";
import { visibilityFor } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { cardsListVersion } from "@/lib/cards/cards-list-version";
import { CARD_PAGE_SIZE, cardSearchString, parseCardSearch } from "@/lib/cards/list-search";
import { activeCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { sessionIdFor, sessionUserFor, TEST_META } from "@/test/session-user";

// Only the cookie is stubbed: which session it names. Whether that session stands is decided by the real code.
const cookie = vi.hoisted(() => ({ sessionId: null as string | null }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => (cookie.sessionId ? { sessionId: cookie.sessionId } : null) }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));

const { GET } = await import("./version/route");

const database = withTestDatabase();
const db = () => database.db();
let accountId = "";
let finance: SessionUser;
let manager: SessionUser;
let eli: SessionUser;
let emma: SessionUser;

async function signInAs(user: SessionUser): Promise<void> {
  cookie.sessionId = await sessionIdFor(db(), user.email);
}

async function poll(query: string): Promise<{ status: number; version?: string }> {
  const response = await GET(new Request(`http://localhost/api/cards/version${query}`));
  const body = (await response.json()) as { version?: string };
  return { status: response.status, version: body.version };
}

/**
 * What the cards list renders for this link, as app/(dashboard)/cards/(list)/page.tsx reads it: its rows, its version,
 * and the query string it gives its poll.
 */
async function renderedList(user: SessionUser, link = ""): Promise<{ ids: string[]; version: string; source: string }> {
  const visibility = visibilityFor(user, "card.view")!;
  const search = parseCardSearch(new URLSearchParams(link));
  const page = await listCards(db(), { organizationId: user.organizationId, visibility, filters: search.filters, sort: search.sort, after: search.after, before: search.before, limit: CARD_PAGE_SIZE });
  return {
    ids: page.rows.map((row) => row.id),
    version: cardsListVersion(page),
    source: cardSearchString(search, { after: search.after, before: search.before }),
  };
}

beforeAll(async () => {
  accountId = await seedOfflineDemo(db());
  finance = await sessionUserFor(db(), "finance@demo.test");
  manager = await sessionUserFor(db(), "manager@demo.test");
  eli = await sessionUserFor(db(), "employee@demo.test");
  emma = await sessionUserFor(db(), "employee2@demo.test");
  await activeCardOf(db(), { user: eli, providerAccountId: accountId });
  await activeCardOf(db(), { user: emma, providerAccountId: accountId });
});

describe("GET /api/cards/version", () => {
  it("answers the version the list rendered with while nothing changes, and moves when a shown card changes or a card is issued", async () => {
    await signInAs(finance);
    const rendered = await renderedList(finance);
    expect(rendered.ids.length).toBeGreaterThan(0);
    expect(await poll(rendered.source)).toEqual({ status: 200, version: rendered.version });
    expect((await poll(rendered.source)).version).toBe(rendered.version);

    // A top-up elsewhere: the shown card's balance read again.
    await updateCard(db(), rendered.ids[0]!, { balance: 12_345n });
    const toppedUp = (await poll(rendered.source)).version;
    expect(toppedUp).not.toBe(rendered.version);
    expect((await renderedList(finance)).version).toBe(toppedUp);

    await activeCardOf(db(), { user: eli, providerAccountId: accountId });
    expect((await poll(rendered.source)).version).not.toBe(toppedUp);
  });

  it("moves a filtered list's version when a card it did not show comes to match its filter, and when one leaves it", async () => {
    await signInAs(finance);
    const card = await activeCardOf(db(), { user: emma, providerAccountId: accountId });
    const frozenList = await renderedList(finance, "status=frozen");
    expect(frozenList.source).toBe("?status=frozen");
    expect(frozenList.ids).not.toContain(card);
    expect((await poll(frozenList.source)).version).toBe(frozenList.version);

    // Frozen in another tab: the open "Frozen" list, which never showed this card, must show it.
    await updateCard(db(), card, { status: "frozen" });
    const afterFreeze = await renderedList(finance, "status=frozen");
    expect(afterFreeze.ids).toContain(card);
    expect((await poll(frozenList.source)).version).toBe(afterFreeze.version);
    expect(afterFreeze.version).not.toBe(frozenList.version);

    await updateCard(db(), card, { status: "active" });
    // Unfrozen again: the list is back to the cards it showed, with their stamps, so the version is back to its first.
    expect((await poll(frozenList.source)).version).toBe(frozenList.version);
  });

  it("moves a balance-ranked list's version when a card not shown is topped up into it", async () => {
    await signInAs(finance);
    const link = "currency=USD&sort=balance&dir=desc";
    const ranked = await renderedList(finance, link);
    expect(ranked.source).toBe("?currency=USD&sort=balance&dir=desc");
    const card = await activeCardOf(db(), { user: emma, providerAccountId: accountId });
    // Issued with 100.00; topped up past every other card, it heads the ranking.
    const issued = (await poll(ranked.source)).version;
    await updateCard(db(), card, { balance: 999_999_999n });
    const after = await renderedList(finance, link);
    expect(after.ids[0]).toBe(card);
    expect((await poll(ranked.source)).version).toBe(after.version);
    expect(after.version).not.toBe(issued);
  });

  it("tells a manager nothing of cards outside their teams: neither a change to one nor a new one moves their version", async () => {
    await signInAs(manager);
    const emmasCard = await activeCardOf(db(), { user: emma, providerAccountId: accountId });
    const rendered = await renderedList(manager);
    expect(rendered.ids).not.toContain(emmasCard);
    const before = (await poll(rendered.source)).version;
    expect(before).toBe(rendered.version);
    await updateCard(db(), emmasCard, { status: "frozen" });
    await activeCardOf(db(), { user: emma, providerAccountId: accountId });
    expect((await poll(rendered.source)).version).toBe(before);
    // Naming Emma as the owner narrows within what the manager may see: nothing of hers.
    expect((await poll(`?owner=${emma.id}`)).version).toBe((await renderedList(manager, `owner=${emma.id}`)).version);
    expect((await renderedList(manager, `owner=${emma.id}`)).ids).toEqual([]);
    // Their own team's new card does.
    await activeCardOf(db(), { user: eli, providerAccountId: accountId });
    expect((await poll(rendered.source)).version).not.toBe(before);
  });

  it("drops a parameter the list would drop, refuses a balance ranking across currencies, and answers no one signed out", async () => {
    await signInAs(finance);
    const everything = (await renderedList(finance)).version;
    expect(await poll("?status=not-a-status")).toEqual({ status: 200, version: everything });
    expect((await poll("?sort=balance&dir=desc")).status).toBe(400);
    cookie.sessionId = null;
    expect((await poll("")).status).toBe(401);
  });
});
