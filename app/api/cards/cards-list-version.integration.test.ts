import { beforeAll, describe, expect, it, vi } from "vitest";
import { updateCard } from "@/db/queries/card-updates";
import { listCards } from "@/db/queries/cards";
import { newestVisibleCardCreatedAt } from "@/db/queries/cards-version";
import { visibilityFor } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { cardsListVersion } from "@/lib/cards/cards-list-version";
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

async function poll(ids: readonly string[]): Promise<{ status: number; version?: string }> {
  const response = await GET(new Request(`http://localhost/api/cards/version?ids=${ids.join(",")}`));
  const body = (await response.json()) as { version?: string };
  return { status: response.status, version: body.version };
}

/** What the cards list renders with, as app/(dashboard)/cards/(list)/page.tsx reads it: its first page, newest first. */
async function renderedList(user: SessionUser): Promise<{ ids: string[]; version: string }> {
  const visibility = visibilityFor(user, "card.view")!;
  const newest = await newestVisibleCardCreatedAt(db(), { organizationId: user.organizationId, visibility });
  const page = await listCards(db(), { organizationId: user.organizationId, visibility, filters: {}, sort: { field: "created", direction: "desc" }, limit: 25 });
  return { ids: page.rows.map((row) => row.id), version: cardsListVersion(newest, page.rows) };
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
    expect(await poll(rendered.ids)).toEqual({ status: 200, version: rendered.version });
    expect((await poll(rendered.ids)).version).toBe(rendered.version);

    // A top-up elsewhere: the shown card's balance read again.
    await updateCard(db(), rendered.ids[0]!, { balance: 12_345n });
    const toppedUp = (await poll(rendered.ids)).version;
    expect(toppedUp).not.toBe(rendered.version);
    expect((await renderedList(finance)).version).toBe(toppedUp);

    await activeCardOf(db(), { user: eli, providerAccountId: accountId });
    expect((await poll(rendered.ids)).version).not.toBe(toppedUp);
  });

  it("tells a manager nothing of cards outside their teams: neither a change to one nor a new one moves their version", async () => {
    await signInAs(manager);
    const emmasCard = await activeCardOf(db(), { user: emma, providerAccountId: accountId });
    const rendered = await renderedList(manager);
    expect(rendered.ids).not.toContain(emmasCard);
    const asked = [...rendered.ids, emmasCard];
    const before = (await poll(asked)).version;
    expect(before).toBe(rendered.version);
    await updateCard(db(), emmasCard, { status: "frozen" });
    await activeCardOf(db(), { user: emma, providerAccountId: accountId });
    expect((await poll(asked)).version).toBe(before);
    // Their own team's new card does.
    await activeCardOf(db(), { user: eli, providerAccountId: accountId });
    expect((await poll(asked)).version).not.toBe(before);
  });

  it("refuses ids that are not card ids or more than a page of them, and answers no one signed out", async () => {
    await signInAs(finance);
    expect((await poll(["not-a-card"])).status).toBe(400);
    expect((await poll(Array.from({ length: 26 }, () => "00000000-0000-4000-8000-000000000000"))).status).toBe(400);
    expect((await poll([])).status).toBe(200);
    cookie.sessionId = null;
    expect((await poll([])).status).toBe(401);
  });
});
