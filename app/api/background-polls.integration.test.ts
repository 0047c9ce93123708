import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createSession, type SessionRow } from "@/db/queries/sessions";
import { findUserByEmail } from "@/db/queries/users";
import { auditLog } from "@/db/schema/audit";
import { sessions } from "@/db/schema/sessions";
import { users } from "@/db/schema/users";
import { seedDemo } from "@/db/seed";
import { withTestDatabase } from "@/test/database";
import { TEST_META } from "@/test/session-user";

// Only the cookie is stubbed: which session it names. Whether that session stands is decided by the real code.
const cookie = vi.hoisted(() => ({ sessionId: null as string | null }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => (cookie.sessionId ? { sessionId: cookie.sessionId } : null) }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));

const { GET: pollNotifications } = await import("./notifications/route");
const { GET: pollTransactionsVersion } = await import("./transactions/version/route");
const { GET: pollOrder } = await import("./orders/[id]/route");
const { GET: pollCardVersion } = await import("./cards/[id]/version/route");
const { GET: pollVerification } = await import("@/app/(dashboard)/audit/verification/route");
const { requireUser } = await import("@/lib/auth/current-user");

const database = withTestDatabase();
const db = () => database.db();

const POLLS: { name: string; poll: () => Promise<Response>; answers: number }[] = [
  { name: "GET /api/notifications", poll: () => pollNotifications(), answers: 200 },
  { name: "GET /api/transactions/version", poll: () => pollTransactionsVersion(new Request("http://localhost/api/transactions/version")), answers: 200 },
  // An order nobody may see: the user was resolved (a 404, not a 401), which is all this test needs.
  { name: "GET /api/orders/[id]", poll: () => pollOrder(new Request("http://localhost/api/orders/x"), { params: Promise.resolve({ id: randomUUID() }) }), answers: 404 },
  // Every open card page: a card nobody may see, as for the order.
  { name: "GET /api/cards/[id]/version", poll: () => pollCardVersion(new Request("http://localhost/api/cards/x/version"), { params: Promise.resolve({ id: randomUUID() }) }), answers: 404 },
  // Polled every second while a chain verification runs.
  { name: "GET /audit/verification", poll: () => pollVerification(), answers: 200 },
];

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
});

async function signInAs(email: string, lastSeenMinutesAgo: number): Promise<SessionRow> {
  const user = await findUserByEmail(db(), email);
  const session = await createSession(db(), { userId: user!.id, expiresAt: new Date(Date.now() + 12 * 3_600_000), ip: null, userAgent: null });
  const [row] = await db()
    .update(sessions)
    .set({ lastSeenAt: new Date(Date.now() - lastSeenMinutesAgo * 60_000) })
    .where(eq(sessions.id, session.id))
    .returning();
  cookie.sessionId = row!.id;
  return row!;
}

async function lastSeenOf(sessionId: string): Promise<Date> {
  const [row] = await db().select().from(sessions).where(eq(sessions.id, sessionId));
  return row!.lastSeenAt;
}

describe.each(POLLS)("$name", ({ poll, answers }) => {
  it("answers a signed-in person without counting the poll as activity", async () => {
    const session = await signInAs("finance@demo.test", 20);
    const response = await poll();
    expect(response.status).toBe(answers);
    expect(await lastSeenOf(session.id)).toEqual(session.lastSeenAt);
  });

  it("ends a session idle past the limit instead of answering", async () => {
    const session = await signInAs("finance@demo.test", 31);
    expect((await poll()).status).toBe(401);
    const ends = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, session.id), eq(auditLog.action, "auth.session_revoked")));
    expect(ends).toMatchObject([{ summary: { reason: "idle_timeout" } }]);
  });

  it("refuses a person with an account step to finish", async () => {
    await signInAs("finance2@demo.test", 0);
    await db().update(users).set({ mustChangePassword: true }).where(eq(users.email, "finance2@demo.test"));
    try {
      expect((await poll()).status).toBe(401);
    } finally {
      await db().update(users).set({ mustChangePassword: false }).where(eq(users.email, "finance2@demo.test"));
    }
  });
});

describe("a page render", () => {
  it("counts as activity", async () => {
    const session = await signInAs("finance@demo.test", 20);
    const before = Date.now();
    await requireUser();
    expect((await lastSeenOf(session.id)).getTime()).toBeGreaterThanOrEqual(before);
  });
});
