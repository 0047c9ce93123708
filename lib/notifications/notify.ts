import type { DbOrTx } from "@/db/client";
import { insertNotifications, markEventRead } from "@/db/queries/notifications";
import type { NotificationKind } from "@/db/schema/notifications";

export type RequestNotice = {
  organizationId: string;
  requestId: string;
  kind: NotificationKind;
  /** Names the event, not the recipient: the same event reaching the same person twice is one row. */
  event: string;
  recipients: readonly string[];
  title: string;
  body: string;
  /** Where it leads; the request's page unless said (a new card's "done" leads to the card). */
  href?: string;
};

/**
 * Writes one notification per recipient, in the caller's transaction, keyed by (recipient, event): a retried job,
 * a double click or two workers racing can never notify anybody twice about one event.
 */
const requestEventKey = (requestId: string, event: string) => `request:${requestId}:${event}`;

export async function notifyAboutRequest(db: DbOrTx, notice: RequestNotice): Promise<number> {
  const recipients = [...new Set(notice.recipients)];
  return insertNotifications(
    db,
    recipients.map((recipientUserId) => ({
      organizationId: notice.organizationId,
      recipientUserId,
      eventKey: requestEventKey(notice.requestId, notice.event),
      kind: notice.kind,
      title: notice.title,
      body: notice.body,
      href: notice.href ?? `/requests/${notice.requestId}`,
    })),
  );
}

/**
 * Settles a request's event for everyone it reached (marks it read), in the caller's transaction. `title`, when given,
 * replaces each of those notifications' title (read or not), so the list no longer says what is no longer so.
 */
export async function settleRequestNotice(
  db: DbOrTx,
  notice: { organizationId: string; requestId: string; event: string; title?: string; titleFor?: { recipientUserId: string; title: string } },
): Promise<number> {
  return markEventRead(db, { organizationId: notice.organizationId, eventKey: requestEventKey(notice.requestId, notice.event), title: notice.title, titleFor: notice.titleFor });
}
