import { ResponsiveList, type ListColumn } from "@/components/lists/responsive-list";
import type { UnreadEntry, UnreadEntryState } from "@/db/queries/transaction-rows-unread-review";
import { formatUtcDateTime } from "@/lib/format";
import { DismissUnreadButton } from "./dismiss-unread-button";
import type { DismissList } from "./dismiss-unread-dialog";

/** How an entry is named to a person: by the provider's transaction id, or as having none. */
export const entryName = (entry: Pick<UnreadEntry, "providerTransactionId">) =>
  entry.providerTransactionId ? `transaction ${entry.providerTransactionId}` : "a transaction without an id";

const withoutStop = (text: string) => text.replace(/[.\s]+$/, "");

/**
 * An account's provider transactions Cardhub could not read: the open ones with, for finance and administrators, a
 * Dismiss button each; or the dismissed ones with who dismissed each, when and why. Read-only for everyone else.
 */
export function UnreadEntryList({
  rows,
  state,
  caption,
  dismissal,
}: {
  rows: readonly UnreadEntry[];
  state: UnreadEntryState;
  caption: string;
  /** The account as the page read it, when the viewer may dismiss (finance, admin); null otherwise. */
  dismissal: DismissList | null;
}) {
  const columns: ListColumn<UnreadEntry>[] = [
    {
      id: "transaction",
      header: "Provider transaction",
      cell: (row) => (row.providerTransactionId ? <span className="font-mono break-all">{row.providerTransactionId}</span> : <span className="text-muted-foreground">No id given</span>),
      phone: "title",
      className: "md:w-56",
    },
    { id: "reason", header: "Why Cardhub could not read it", cell: (row) => withoutStop(row.reason), phone: "body" },
    { id: "first-seen", header: "First seen", cell: (row) => formatUtcDateTime(row.firstSeenAt), phone: "detail", className: "md:whitespace-nowrap" },
    { id: "last-seen", header: "Last seen", cell: (row) => formatUtcDateTime(row.lastSeenAt), phone: "detail", className: "md:whitespace-nowrap" },
  ];
  if (state === "dismissed") {
    columns.push(
      { id: "dismissed", header: "Dismissed", cell: (row) => (row.dismissedAt ? formatUtcDateTime(row.dismissedAt) : "—"), phone: "detail", className: "md:whitespace-nowrap" },
      { id: "by", header: "By", cell: (row) => row.dismissedByName ?? "—", phone: "detail" },
      { id: "why", header: "Their reason", cell: (row) => (row.dismissalReason ? `“${row.dismissalReason}”` : "—"), phone: "detail" },
    );
  } else if (dismissal) {
    columns.push({
      id: "dismiss",
      header: <span className="sr-only">Dismiss</span>,
      label: "Dismiss",
      cell: (row) => (
        <DismissUnreadButton
          target={{ ...dismissal, entry: { id: row.id, openedAt: row.openedAt, name: entryName(row), reason: row.reason } }}
          label="Dismiss"
          hiddenName={entryName(row)}
          className="h-8 px-3"
        />
      ),
      phone: "badge",
      align: "end",
    });
  }
  return <ResponsiveList rows={rows} columns={columns} rowKey={(row) => row.id} caption={caption} />;
}
