import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { EventSentence } from "@/components/audit/event-sentence";
import { resolveAuditLabels } from "@/db/queries/audit-labels";
import { listPeoplePage } from "@/db/queries/people";
import { createSession } from "@/db/queries/sessions";
import { auditLog } from "@/db/schema/audit";
import { userInvitations } from "@/db/schema/user-credentials";
import { seedDemo } from "@/db/seed";
import { resolveSession } from "@/lib/auth/resolve-session";
import type { SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { acceptInvitation } from "./accept-invitation";
import { adminContextFor, type AdminContext } from "./admin-context";
import { createPerson } from "./create-person";
import { findInvitation } from "./invitations";
import { resetPassword } from "./reset-password";

const database = withTestDatabase();
const db = () => database.db();
let admin: AdminContext;
let adminUser: SessionUser;

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  adminUser = await sessionUserFor(db(), "admin@demo.test");
  admin = adminContextFor({ user: adminUser, meta: TEST_META });
});

const tokenOf = (url: string) => new URL(url).pathname.split("/").pop()!;
const add = (slug: string, method: "invite" | "password" = "invite") => {
  const person = { name: `Rhea ${slug}`, email: `rhea-${slug}@demo.test`, roles: ["employee" as const], teams: [] };
  return createPerson(db(), admin, method === "invite" ? { ...person, method } : { ...person, method, password: "an initial passphrase" });
};
const lastId = async () => (await db().select({ id: auditLog.id }).from(auditLog).orderBy(asc(auditLog.id))).at(-1)?.id ?? 0n;
/** The rows recorded after `since` about the person or any session of theirs, and each as the audit log words it. */
async function recordedSince(since: bigint, userId: string) {
  const rows = await db()
    .select()
    .from(auditLog)
    .where(and(gt(auditLog.id, since), inArray(auditLog.action, ["user.invitation_reissued", "user.password_reset_issued", "auth.session_revoked"])))
    .orderBy(asc(auditLog.id));
  const mine = rows.filter((row) => row.targetId === userId || (row.summary as { userId?: string }).userId === userId);
  const labels = await resolveAuditLabels(db(), { viewer: adminUser, rows: mine });
  return mine.map((row) => ({ action: row.action, summary: row.summary, sentence: renderToStaticMarkup(createElement(EventSentence, { event: row, labels })).replace(/<[^>]+>/g, "") }));
}

describe("a new link for someone still invited is a new invitation, not a password reset", () => {
  it("records and words it as a new invitation link, twice over, and the link sets their first password as an invitation", async () => {
    const { userId } = await add("invited");
    const before = await lastId();
    const first = await resetPassword(db(), admin, { userId });
    const again = await resetPassword(db(), admin, { userId });
    const rows = await recordedSince(before, userId);
    expect(rows.map((row) => row.action)).toEqual(["user.invitation_reissued", "user.invitation_reissued"]);
    expect(rows[0]!.sentence).toBe("Ada Admin issued a new invitation link for Rhea invited.");
    expect(rows[0]!.summary).not.toHaveProperty("sessionsRevoked");
    expect((await findInvitation(db(), tokenOf(again.url)))?.purpose).toBe("invite");
    await expect(acceptInvitation(db(), TEST_META, { token: tokenOf(first.url), password: "rhea's own passphrase" })).rejects.toThrow("replaced by a newer one");
    await acceptInvitation(db(), TEST_META, { token: tokenOf(again.url), password: "rhea's own passphrase" });
    const [set] = await db().select().from(auditLog).where(and(eq(auditLog.action, "user.password_set"), eq(auditLog.targetId, userId)));
    expect(set?.summary).toEqual({ via: "invitation" });
  });

  it("is a password reset once they have set a password through their invitation: their sessions end", async () => {
    const { userId, invitation } = await add("accepted");
    await acceptInvitation(db(), TEST_META, { token: tokenOf(invitation!.url), password: "rhea's own passphrase" });
    const live = await createSession(db(), { userId, expiresAt: new Date(Date.now() + 3_600_000), ip: null, userAgent: null });
    const before = await lastId();
    const reset = await resetPassword(db(), admin, { userId });
    expect(await resolveSession(db(), live.id)).toBeNull();
    const rows = await recordedSince(before, userId);
    expect(rows.map((row) => row.action)).toEqual(["auth.session_revoked", "user.password_reset_issued"]);
    expect(rows[1]!.sentence).toBe("Ada Admin issued a password reset link for Rhea accepted and ended their sessions.");
    expect((await findInvitation(db(), tokenOf(reset.url)))?.purpose).toBe("reset");
  });

  it("is a password reset for someone given an initial password, signed in or not: that password stops working", async () => {
    const { userId } = await add("initial", "password");
    const before = await lastId();
    await resetPassword(db(), admin, { userId });
    expect((await recordedSince(before, userId)).map((row) => row.action)).toEqual(["user.password_reset_issued"]);
  });
});

describe("Settings → People names the new-link button by the same rule", () => {
  const stillInvited = async (userId: string) => {
    const page = await listPeoplePage(db(), { organizationId: admin.organizationId, q: "rhea-list", limit: 50 });
    return page.rows.find((row) => row.id === userId)?.stillInvited;
  };

  it("as an invitation while the person was never in, an expired invitation too; as a reset once they have been in", async () => {
    const invited = await add("list-invited");
    expect(await stillInvited(invited.userId)).toBe(true);
    // Expired unused: no link is open, yet a new link is still an invitation (the audit records it as one).
    await db().update(userInvitations).set({ expiresAt: new Date(Date.now() - 60_000) }).where(eq(userInvitations.userId, invited.userId));
    expect(await stillInvited(invited.userId)).toBe(true);
    const before = await lastId();
    await resetPassword(db(), admin, { userId: invited.userId });
    expect((await recordedSince(before, invited.userId)).map((row) => row.action)).toEqual(["user.invitation_reissued"]);

    const accepted = await add("list-accepted");
    await acceptInvitation(db(), TEST_META, { token: tokenOf(accepted.invitation!.url), password: "rhea's own passphrase" });
    expect(await stillInvited(accepted.userId)).toBe(false);
    // Signed in, with a reset link open: a reset, as the audit will record it.
    await resetPassword(db(), admin, { userId: accepted.userId });
    expect(await stillInvited(accepted.userId)).toBe(false);

    const initial = await add("list-initial", "password");
    expect(await stillInvited(initial.userId)).toBe(false);
  });
});
