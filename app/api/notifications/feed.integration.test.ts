import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { insertNotifications } from "@/db/queries/notifications";
import { notifications } from "@/db/schema/notifications";
import { seedDemo } from "@/db/seed";
import type { NotificationFeed } from "@/components/notifications/notification-types";
import type { SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user, getPollingUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));

const { GET } = await import("./route");
const { markNotificationsReadAction } = await import("@/lib/actions/notifications/mark-notifications-read");

const database = withTestDatabase();
const db = () => database.db();
/** What the bell lists. */
const FEED = 20;
const MINUTE = 60_000;
let serial = 0;

/** One notice for the person, written at the given time, read or not. Returns its id. */
async function notify(user: SessionUser, at: Date, read: boolean): Promise<string> {
  serial += 1;
  const eventKey = `feed-${serial}`;
  await insertNotifications(db(), [{ organizationId: user.organizationId, recipientUserId: user.id, eventKey, kind: "request.done", title: `Notice ${serial}`, body: "Your request was carried out.", href: "/requests" }]);
  const [row] = await db()
    .update(notifications)
    .set({ createdAt: at, readAt: read ? new Date(at.getTime() + MINUTE) : null })
    .where(and(eq(notifications.recipientUserId, user.id), eq(notifications.eventKey, eventKey)))
    .returning({ id: notifications.id });
  return row!.id;
}

/** `count` notices a minute apart from `start`, oldest first. */
async function notices(user: SessionUser, start: number, count: number, read: boolean): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) ids.push(await notify(user, new Date(start + index * MINUTE), read));
  return ids;
}

async function feedOf(user: SessionUser): Promise<NotificationFeed> {
  session.user = user;
  const response = await GET();
  expect(response.status).toBe(200);
  return (await response.json()) as NotificationFeed;
}

const newestFirst = (ids: string[]) => [...ids].reverse();
const listedUnread = (feed: NotificationFeed) => feed.items.filter((item) => !item.read).map((item) => item.id);

let eli: SessionUser;
let emma: SessionUser;

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  [eli, emma] = [await sessionUserFor(db(), "employee@demo.test"), await sessionUserFor(db(), "employee2@demo.test")];
});

describe("the bell's feed", () => {
  it("names whose feed it is, so a page drawn for one person notices that another signed in since", async () => {
    expect((await feedOf(eli)).viewer).toBe(eli.id);
    expect((await feedOf(emma)).viewer).toBe(emma.id);
  });

  it("lists unread notices first, so more unread than a page are marked a page at a time until none is left", async () => {
    const start = Date.parse("2026-10-01T09:00:00Z");
    const unread = await notices(eli, start, 25, false);
    const read = await notices(eli, start + 60 * MINUTE, 10, true);

    const first = await feedOf(eli);
    expect(first.unread).toBe(25);
    expect(first.items).toHaveLength(FEED);
    // The 20 newest unread, newest first, though 10 read ones are newer.
    expect(first.items.map((item) => item.id)).toEqual(newestFirst(unread).slice(0, FEED));

    // "Mark these 20 read" sends exactly the listed unread ones.
    expect(await markNotificationsReadAction({ ids: listedUnread(first) })).toMatchObject({ ok: true, data: { marked: FEED } });

    const next = await feedOf(eli);
    expect(next.unread).toBe(5);
    // The 5 left come up first, then the newest read ones fill the page.
    expect(next.items.map((item) => item.id)).toEqual([...newestFirst(unread.slice(0, 5)), ...newestFirst(read), ...newestFirst(unread.slice(5)).slice(0, 5)]);
    expect(listedUnread(next)).toEqual(newestFirst(unread.slice(0, 5)));

    expect(await markNotificationsReadAction({ ids: listedUnread(next) })).toMatchObject({ ok: true, data: { marked: 5 } });
    const last = await feedOf(eli);
    expect(last.unread).toBe(0);
    expect(listedUnread(last)).toEqual([]);
    expect(last.items).toHaveLength(FEED);
  });

  it("lists old unread notices beneath many newer read ones, then the newest read ones", async () => {
    const start = Date.parse("2026-10-01T09:00:00Z");
    const unread = await notices(emma, start, 3, false);
    const read = await notices(emma, start + 60 * MINUTE, 30, true);

    const feed = await feedOf(emma);
    expect(feed.unread).toBe(3);
    expect(listedUnread(feed)).toEqual(newestFirst(unread));
    expect(feed.items.map((item) => item.id)).toEqual([...newestFirst(unread), ...newestFirst(read).slice(0, FEED - 3)]);
  });
});
