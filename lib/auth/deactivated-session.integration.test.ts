import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createSession } from "@/db/queries/sessions";
import { findUserByEmail } from "@/db/queries/users";
import { auditLog } from "@/db/schema/audit";
import { sessions } from "@/db/schema/sessions";
import { users } from "@/db/schema/users";
import { seedDemo } from "@/db/seed";
import { withTestDatabase } from "@/test/database";
import { TEST_META } from "@/test/session-user";
import { resolveSession } from "./resolve-session";

const database = withTestDatabase();
const db = () => database.db();

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
});

describe("resolveSession's backstop for a deactivated user", () => {
  it("signs out a live session of a user deactivated without it being revoked (a sign-in racing the deactivation, a row changed outside the app), on record once", async () => {
    const user = (await findUserByEmail(db(), "employee2@demo.test"))!;
    const session = await createSession(db(), { userId: user.id, expiresAt: new Date(Date.now() + 12 * 3_600_000), ip: null, userAgent: null });
    expect(await resolveSession(db(), session.id, new Date(), TEST_META)).toMatchObject({ id: user.id });

    await db().update(users).set({ active: false }).where(eq(users.id, user.id));
    expect(await resolveSession(db(), session.id, new Date(), TEST_META)).toBeNull();
    expect(await resolveSession(db(), session.id, new Date(), TEST_META)).toBeNull();

    const [row] = await db().select().from(sessions).where(eq(sessions.id, session.id));
    expect(row!.revokedAt).not.toBeNull();
    const ends = await db().select().from(auditLog).where(and(eq(auditLog.targetId, session.id), eq(auditLog.action, "auth.session_revoked")));
    expect(ends).toMatchObject([{ actorEmail: "employee2@demo.test", summary: { reason: "user_deactivated", userId: user.id } }]);
  });
});
