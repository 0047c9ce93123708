import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { countUnreadNotifications, insertNotifications, listNotifications } from "@/db/queries/notifications";
import { notifications } from "@/db/schema/notifications";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));

const { markNotificationsReadAction } = await import("./mark-notifications-read");

const database = withTestDatabase();
const db = () => database.db();
/** What the bell lists (app/api/notifications/route.ts, header-notifications.tsx). */
const FEED = 20;
let eli: SessionUser;
let omar: SessionUser;
let serial = 0;

async function notify(user: SessionUser, title: string, at: Date): Promise<string> {
  serial += 1;
  await insertNotifications(db(), [
    { organizationId: user.organizationId, recipientUserId: user.id, eventKey: `mark-read-${serial}`, kind: "request.needs_you", title, body: "A request needs your approval.", href: "/requests" },
  ]);
  const [row] = await db()
    .update(notifications)
    .set({ createdAt: at })
    .where(and(eq(notifications.recipientUserId, user.id), eq(notifications.eventKey, `mark-read-${serial}`)))
    .returning({ id: notifications.id });
  return row!.id;
}

const unreadIds = async (user: SessionUser) =>
  (await db().select({ id: notifications.id }).from(notifications).where(and(eq(notifications.recipientUserId, user.id), isNull(notifications.readAt)))).map((row) => row.id);

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  [eli, omar] = [await sessionUserFor(db(), "employee@demo.test"), await sessionUserFor(db(), "manager@demo.test")];
});

describe("Mark all read", () => {
  it("marks the notices the menu listed, not one written after its last poll nor one past its end", async () => {
    const start = Date.parse("2026-11-01T09:00:00Z");
    const older: string[] = [];
    for (let index = 0; index < 25; index += 1) older.push(await notify(eli, `Notice ${index}`, new Date(start + index * 60_000)));
    // The bell's last poll: the newest 20 of the 25.
    const shown = (await listNotifications(db(), { recipientUserId: eli.id, limit: FEED })).filter((item) => item.readAt === null).map((item) => item.id);
    expect(shown).toHaveLength(FEED);
    // 10 s later, before the next poll, a request starts waiting for Eli.
    const unseen = await notify(eli, "A request needs your approval", new Date(start + 25 * 60_000));

    session.user = eli;
    expect(await markNotificationsReadAction({ ids: shown })).toMatchObject({ ok: true, data: { marked: FEED } });
    expect((await unreadIds(eli)).sort()).toEqual([...older.slice(0, 5), unseen].sort());
    expect(await countUnreadNotifications(db(), { recipientUserId: eli.id })).toBe(6);
  });

  it("refuses a call that names no notices, marking nothing", async () => {
    session.user = eli;
    const before = await unreadIds(eli);
    expect(before.length).toBeGreaterThan(0);
    expect(await markNotificationsReadAction({})).toMatchObject({ ok: false, error: { code: "invalid_input", fields: { ids: expect.any(String) } } });
    expect(await markNotificationsReadAction({ ids: [] })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(await markNotificationsReadAction({ ids: ["not-an-id"] })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect((await unreadIds(eli)).sort()).toEqual(before.sort());
  });

  it("marks only the signed-in person's own notices, and nothing when signed out", async () => {
    const omars = await notify(omar, "Omar's notice", new Date("2026-11-02T09:00:00Z"));
    const elis = (await unreadIds(eli))[0]!;
    session.user = eli;
    expect(await markNotificationsReadAction({ ids: [omars, elis] })).toMatchObject({ ok: true, data: { marked: 1 } });
    expect(await unreadIds(omar)).toContain(omars);
    expect(await unreadIds(eli)).not.toContain(elis);
    session.user = null;
    expect(await markNotificationsReadAction({ ids: [omars] })).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    expect(await unreadIds(omar)).toContain(omars);
  });
});
