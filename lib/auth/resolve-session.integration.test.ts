import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createSession, revokeSession } from "@/db/queries/sessions";
import { findUserByEmail } from "@/db/queries/users";
import { auditLog } from "@/db/schema/audit";
import { sessions } from "@/db/schema/sessions";
import { seedDemo } from "@/db/seed";
import { getSettings } from "@/lib/settings/get-settings";
import { withTestDatabase } from "@/test/database";
import { TEST_META } from "@/test/session-user";
import { resolveSession } from "./resolve-session";

const database = withTestDatabase();
const db = () => database.db();
const POLL_EVERY_MS = 15_000;
const PASSIVE = { touch: false };

let idleMs: number;

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  const finance = await findUserByEmail(db(), "finance@demo.test");
  idleMs = (await getSettings(db(), finance!.organizationId)).sessionIdleMinutes * 60_000;
});

async function signedIn(email: string) {
  const user = await findUserByEmail(db(), email);
  return createSession(db(), { userId: user!.id, expiresAt: new Date(Date.now() + 12 * 3_600_000), ip: null, userAgent: null });
}

const after = (start: Date, ms: number) => new Date(start.getTime() + ms);

async function idleEnds(sessionId: string) {
  return db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetId, sessionId), eq(auditLog.action, "auth.session_revoked")));
}

describe("resolveSession for background polls", () => {
  it("ends a session whose only activity since sign-in is background polls once the idle limit passes", async () => {
    const session = await signedIn("finance@demo.test");
    for (let elapsed = POLL_EVERY_MS; elapsed < idleMs; elapsed += POLL_EVERY_MS) {
      expect(await resolveSession(db(), session.id, after(session.lastSeenAt, elapsed), TEST_META, PASSIVE)).not.toBeNull();
    }
    expect(await resolveSession(db(), session.id, after(session.lastSeenAt, idleMs + POLL_EVERY_MS), TEST_META, PASSIVE)).toBeNull();
    expect(await idleEnds(session.id)).toMatchObject([{ summary: { reason: "idle_timeout" } }]);
    const [row] = await db().select().from(sessions).where(eq(sessions.id, session.id));
    expect(row!.lastSeenAt).toEqual(session.lastSeenAt);
  });

  it("keeps a session alive while the person acts, however long the tab polls between their requests", async () => {
    const session = await signedIn("finance2@demo.test");
    const activeEvery = idleMs / 2;
    for (let elapsed = POLL_EVERY_MS; elapsed <= 2 * idleMs; elapsed += POLL_EVERY_MS) {
      const at = after(session.lastSeenAt, elapsed);
      expect(await resolveSession(db(), session.id, at, TEST_META, PASSIVE)).not.toBeNull();
      if (elapsed % activeEvery === 0) expect(await resolveSession(db(), session.id, at, TEST_META)).not.toBeNull();
    }
    expect(await idleEnds(session.id)).toEqual([]);
    // Once the person stops acting, the polls alone run out at the idle limit after their last request.
    const lastActive = after(session.lastSeenAt, 2 * idleMs);
    expect(await resolveSession(db(), session.id, after(lastActive, idleMs - POLL_EVERY_MS), TEST_META, PASSIVE)).not.toBeNull();
    expect(await resolveSession(db(), session.id, after(lastActive, idleMs + POLL_EVERY_MS), TEST_META, PASSIVE)).toBeNull();
  });

  it("still refuses a revoked session and one past its maximum age to a poll", async () => {
    const revoked = await signedIn("auditor@demo.test");
    await revokeSession(db(), { id: revoked.id, at: new Date() });
    expect(await resolveSession(db(), revoked.id, new Date(), TEST_META, PASSIVE)).toBeNull();

    const old = await signedIn("auditor@demo.test");
    await db().update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.id, old.id));
    expect(await resolveSession(db(), old.id, new Date(), TEST_META, PASSIVE)).toBeNull();
    expect(await idleEnds(old.id)).toMatchObject([{ summary: { reason: "max_age" } }]);
  });
});
