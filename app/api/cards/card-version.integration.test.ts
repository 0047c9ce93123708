import { beforeAll, describe, expect, it, vi } from "vitest";
import { findCardForView } from "@/db/queries/cards";
import { readCardActivityStamp } from "@/db/queries/card-activity";
import { updateCard } from "@/db/queries/card-updates";
import { insertOrder, updateOrder } from "@/db/queries/provider-orders";
import { createSession } from "@/db/queries/sessions";
import { cardVersion } from "@/lib/cards/card-version";
import type { SessionUser } from "@/lib/auth/session-user";
import { activeCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { sessionUserFor, TEST_META } from "@/test/session-user";

// Only the cookie is stubbed: which session it names. Whether that session stands is decided by the real code.
const cookie = vi.hoisted(() => ({ sessionId: null as string | null }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => (cookie.sessionId ? { sessionId: cookie.sessionId } : null) }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));

const { GET } = await import("./[id]/version/route");

const database = withTestDatabase();
const db = () => database.db();
let accountId = "";
let eli: SessionUser;
let finance: SessionUser;
let cardId = "";

async function signInAs(user: SessionUser): Promise<void> {
  cookie.sessionId = (await createSession(db(), { userId: user.id, expiresAt: new Date(Date.now() + 3_600_000), ip: null, userAgent: null })).id;
}

async function poll(id = cardId): Promise<{ status: number; version?: string }> {
  const response = await GET(new Request(`http://localhost/api/cards/${id}/version`), { params: Promise.resolve({ id }) });
  const body = (await response.json()) as { version?: string };
  return { status: response.status, version: body.version };
}

/** The version the card page renders with: its own card row, and the activity stamp it reads before its lists. */
async function pageVersion(): Promise<string> {
  const card = await findCardForView(db(), cardId);
  return cardVersion(card!.updatedAt, await readCardActivityStamp(db(), cardId));
}

beforeAll(async () => {
  accountId = await seedOfflineDemo(db());
  eli = await sessionUserFor(db(), "employee@demo.test");
  finance = await sessionUserFor(db(), "finance@demo.test");
  cardId = await activeCardOf(db(), { user: eli, providerAccountId: accountId });
});

describe("GET /api/cards/[id]/version", () => {
  it("answers the version the card page rendered with while nothing changes, so an open page does not refresh itself", async () => {
    await signInAs(finance);
    const rendered = await pageVersion();
    expect(await poll()).toEqual({ status: 200, version: rendered });
    expect((await poll()).version).toBe(rendered);
  });

  it("moves when someone else changes the card, places an order on it, or that order settles", async () => {
    await signInAs(finance);
    const before = (await poll()).version;
    await updateCard(db(), cardId, { status: "frozen" });
    const frozen = (await poll()).version;
    expect(frozen).not.toBe(before);
    const order = await insertOrder(db(), { organizationId: finance.organizationId, providerAccountId: accountId, cardId, type: "cancel", amount: null, currency: "USD", request: { type: "cancel" }, createdByUserId: finance.id });
    const placed = (await poll()).version;
    expect(placed).not.toBe(frozen);
    await updateOrder(db(), order.id, { status: "completed", completedAt: new Date() });
    const settled = (await poll()).version;
    expect(settled).not.toBe(placed);
    expect(await pageVersion()).toBe(settled);
  });

  it("is the cardholder's too, and not found for a card outside the person's reach or that does not exist", async () => {
    await signInAs(eli);
    expect((await poll()).status).toBe(200);
    await signInAs(await sessionUserFor(db(), "employee2@demo.test"));
    expect(await poll()).toEqual({ status: 404, version: undefined });
    expect((await poll("00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await poll("not-a-card")).status).toBe(404);
  });

  it("answers no one signed out", async () => {
    cookie.sessionId = null;
    expect((await poll()).status).toBe(401);
  });
});
