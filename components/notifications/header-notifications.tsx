import { getDb } from "@/db/client";
import { inboxScopeOf } from "@/lib/requests/inbox-scope";
import { countUnreadNotifications, listNotifications } from "@/db/queries/notifications";
import { countWaitingFor } from "@/db/queries/requests";
import { can } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { NotificationBell } from "./notification-bell";

/** Waiting-for-you count, for the navigation badge and the bell. */
export async function waitingCountFor(user: SessionUser): Promise<number> {
  if (!can(user, "request.approve")) return 0;
  return countWaitingFor(getDb(), {
    organizationId: user.organizationId,
    scope: inboxScopeOf(user),
  });
}

/** The bell with its first data rendered on the server, then polled in the browser. */
export async function HeaderNotifications({ user, waiting }: { user: SessionUser; waiting: number }) {
  const db = getDb();
  const [items, unread] = await Promise.all([listNotifications(db, { recipientUserId: user.id, limit: 20 }), countUnreadNotifications(db, { recipientUserId: user.id })]);
  const initial = {
    viewer: user.id,
    unread,
    waiting,
    items: items.map((item) => ({ id: item.id, kind: item.kind, title: item.title, body: item.body, href: item.href, createdAt: item.createdAt.toISOString(), read: item.readAt !== null })),
  };
  return <NotificationBell initial={initial} />;
}
