import { beforeAll, describe, expect, it, vi } from "vitest";
import { replaceAccountBalances } from "@/db/queries/funding";
import type { SessionUser } from "@/lib/auth/session-user";
import { fundingPageVersion } from "@/lib/funding/funding-version";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { sessionIdFor, sessionUserFor, TEST_META } from "@/test/session-user";

// Only the cookie is stubbed: which session it names. Whether that session stands is decided by the real code.
const cookie = vi.hoisted(() => ({ sessionId: null as string | null }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => (cookie.sessionId ? { sessionId: cookie.sessionId } : null) }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));

const funding = await import("./version/route");
const overview = await import("../overview/version/route");

const database = withTestDatabase();
const db = () => database.db();
let accountId = "";
let finance: SessionUser;
let eli: SessionUser;

async function signInAs(user: SessionUser): Promise<void> {
  cookie.sessionId = await sessionIdFor(db(), user.email);
}

async function poll(route: { GET: () => Promise<Response> }): Promise<{ status: number; version?: string }> {
  const response = await route.GET();
  return { status: response.status, version: ((await response.json()) as { version?: string }).version };
}

const readBalance = (available: bigint) =>
  replaceAccountBalances(db(), { providerAccountId: accountId, readings: [{ scope: "", currency: "USD", label: null, available, frozen: 0n, total: available }], at: new Date() });

beforeAll(async () => {
  accountId = await seedOfflineDemo(db());
  finance = await sessionUserFor(db(), "finance@demo.test");
  eli = await sessionUserFor(db(), "employee@demo.test");
  await readBalance(1_000_000n);
});

describe("GET /api/funding/version", () => {
  it("answers what /funding rendered with while nothing changes, and moves when a balance is read again", async () => {
    await signInAs(finance);
    const rendered = await fundingPageVersion(db(), finance.organizationId);
    expect(await poll(funding)).toEqual({ status: 200, version: rendered });
    await readBalance(987_466n);
    const after = (await poll(funding)).version;
    expect(after).not.toBe(rendered);
    expect(after).toBe(await fundingPageVersion(db(), finance.organizationId));
  });

  it("is refused to whoever may not see funding, and to no one signed in", async () => {
    await signInAs(eli);
    expect((await poll(funding)).status).toBe(403);
    cookie.sessionId = null;
    expect((await poll(funding)).status).toBe(401);
  });
});

describe("GET /api/overview/version", () => {
  it("moves with the funding balances for finance, and not for an employee, whose overview shows none", async () => {
    await signInAs(finance);
    const financeBefore = (await poll(overview)).version;
    await signInAs(eli);
    const eliBefore = await poll(overview);
    expect(eliBefore.status).toBe(200);
    await readBalance(500_000n);
    expect((await poll(overview)).version).toBe(eliBefore.version);
    await signInAs(finance);
    expect((await poll(overview)).version).not.toBe(financeBefore);
    cookie.sessionId = null;
    expect((await poll(overview)).status).toBe(401);
  });
});
