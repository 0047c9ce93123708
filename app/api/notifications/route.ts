import { getDb } from "@/db/client";
import { inboxScopeOf } from "@/lib/requests/inbox-scope";
import { countWaitingFor } from "@/db/queries/requests";
import { countUnreadNotifications, listNotifications } from "@/db/queries/notifications";
import { getPollingUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

/** The signed-in person's own notifications and "Waiting for you" count, for the header bell to poll. */
export async function GET(): Promise<Response> {
  const user = await getPollingUser();
  if (!user) return Response.json({ error: "unauthenticated" }, { status: 401, headers: NO_STORE });
  const db = getDb();
  const [items, unread, waiting] = await Promise.all([
    listNotifications(db, { recipientUserId: user.id, limit: 20 }),
    countUnreadNotifications(db, { recipientUserId: user.id }),
    can(user, "request.approve")
      ? countWaitingFor(db, {
          organizationId: user.organizationId,
          scope: inboxScopeOf(user),
        })
      : Promise.resolve(0),
  ]);
  return Response.json(
    {
      viewer: user.id,
      unread,
      waiting,
      items: items.map((item) => ({ id: item.id, kind: item.kind, title: item.title, body: item.body, href: item.href, createdAt: item.createdAt.toISOString(), read: item.readAt !== null })),
    },
    { headers: NO_STORE },
  );
}
