import { and, asc, count, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { transactionRowsUnread } from "@/db/schema/transaction-rows-unread";
import { users } from "@/db/schema/users";
import { isOpenEntry } from "./transaction-rows-unread";
import { readTogether } from "./read-together";

const u = transactionRowsUnread;

export const UNREAD_ENTRIES_PAGE_SIZE = 50;

export type UnreadEntryState = "open" | "dismissed";

/**
 * Where a page continues: the row's sort time as PostgreSQL holds it (microseconds, which a Date would cut to
 * milliseconds and so skip or repeat rows) and its id.
 */
export type UnreadEntryCursor = { sortKey: string; id: string };
export const UNREAD_SORT_KEY_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export type UnreadEntry = {
  id: string;
  providerTransactionId: string | null;
  reason: string;
  /** When it last became open, exact (UnreadEntryVersion): the version of it a dismissal from this list names. */
  openedAt: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  dismissedAt: Date | null;
  dismissedByName: string | null;
  dismissalReason: string | null;
};

const exactTime = (column: AnyPgColumn) =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * An entry as a list showed it: its id and its opened_at as PostgreSQL holds it (microseconds, UNREAD_SORT_KEY_PATTERN's
 * form), which a sync renews whenever the entry fails for another reason, so it names the reason the list showed.
 */
export type UnreadEntryVersion = { id: string; openedAt: string };

/**
 * One page of an account's entries, each list in its index's own order: open ones oldest first (first_seen_at, id:
 * transaction_rows_unread_open_idx), dismissed ones the ledger still lacks latest dismissal first (dismissed_at DESC,
 * id DESC: transaction_rows_unread_dismissed_idx). Asks for `limit` rows; callers ask one more to learn of a next page.
 */
export function listUnreadEntriesQuery(db: DbOrTx, params: { providerAccountId: string; state: UnreadEntryState; after?: UnreadEntryCursor | null; limit: number }) {
  const open = params.state === "open";
  const sortColumn = open ? u.firstSeenAt : u.dismissedAt;
  const where = [eq(u.providerAccountId, params.providerAccountId), open ? isOpenEntry() : and(isNull(u.resolvedAt), isNotNull(u.dismissedAt))!];
  if (params.after) {
    const at = sql`${params.after.sortKey}::timestamptz`;
    where.push(open ? sql`(${u.firstSeenAt}, ${u.id}) > (${at}, ${params.after.id}::uuid)` : sql`(${u.dismissedAt}, ${u.id}) < (${at}, ${params.after.id}::uuid)`);
  }
  return db
    .select({
      id: u.id,
      providerTransactionId: u.providerTransactionId,
      reason: u.reason,
      openedAt: exactTime(u.openedAt),
      firstSeenAt: u.firstSeenAt,
      lastSeenAt: u.lastSeenAt,
      dismissedAt: u.dismissedAt,
      dismissedByName: users.name,
      dismissalReason: u.dismissalReason,
      sortKey: exactTime(sortColumn),
    })
    .from(u)
    .leftJoin(users, eq(users.id, u.dismissedByUserId))
    .where(and(...where))
    .orderBy(...(open ? [asc(u.firstSeenAt), asc(u.id)] : [sql`${u.dismissedAt} desc nulls first`, sql`${u.id} desc nulls first`]))
    .limit(params.limit);
}

/** A page of listUnreadEntriesQuery and where the next one starts, if there is one. */
export async function listUnreadEntries(
  db: DbOrTx,
  params: { providerAccountId: string; state: UnreadEntryState; after?: UnreadEntryCursor | null; limit?: number },
): Promise<{ rows: UnreadEntry[]; next: UnreadEntryCursor | null }> {
  const limit = params.limit ?? UNREAD_ENTRIES_PAGE_SIZE;
  const fetched = await listUnreadEntriesQuery(db, { ...params, limit: limit + 1 });
  const page = fetched.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page.map(({ sortKey: _sortKey, ...row }) => row),
    next: fetched.length > limit && last ? { sortKey: last.sortKey, id: last.id } : null,
  };
}

/** How many of an account's entries are open, and how many are dismissed while the ledger still lacks them. */
export async function countUnreadEntries(db: DbOrTx, params: { providerAccountId: string }): Promise<{ open: number; dismissed: number }> {
  const [open, [dismissed]] = await readTogether(db, [
    () => countOpenEntries(db, params),
    () => db.select({ count: count() }).from(u).where(and(eq(u.providerAccountId, params.providerAccountId), isNull(u.resolvedAt), isNotNull(u.dismissedAt))),
  ]);
  return { open, dismissed: Number(dismissed?.count ?? 0) };
}

export type LockedUnreadEntry = {
  id: string;
  providerTransactionId: string | null;
  reason: string;
  resolvedAt: Date | null;
  dismissedAt: Date | null;
  dismissedByName: string | null;
};

/** One entry of the account, locked for the rest of the transaction; null when the account has no such entry. */
export async function lockUnreadEntry(db: DbOrTx, params: { providerAccountId: string; entryId: string }): Promise<LockedUnreadEntry | null> {
  const [row] = await db
    .select({
      id: u.id,
      providerTransactionId: u.providerTransactionId,
      reason: u.reason,
      resolvedAt: u.resolvedAt,
      dismissedAt: u.dismissedAt,
      dismissedByName: users.name,
    })
    .from(u)
    .leftJoin(users, eq(users.id, u.dismissedByUserId))
    .where(and(eq(u.id, params.entryId), eq(u.providerAccountId, params.providerAccountId)))
    .for("update", { of: u });
  return row ?? null;
}

/**
 * The account's oldest `limit` open entries, each as read (transaction_rows_unread_open_idx, in its order): what the
 * review page's "Dismiss all" names, so it covers the entries that page read, as it read them, and no other.
 */
export function openEntriesQuery(db: DbOrTx, params: { providerAccountId: string; limit: number }) {
  return db
    .select({ id: u.id, openedAt: exactTime(u.openedAt) })
    .from(u)
    .where(and(eq(u.providerAccountId, params.providerAccountId), isOpenEntry()))
    .orderBy(asc(u.firstSeenAt), asc(u.id))
    .limit(params.limit);
}

/**
 * Dismisses those of the named entries that are open entries of the account and still the version named (opened_at
 * equal, to the microsecond, to the one the list showed). Returns what it dismissed. The update re-checks each row it
 * waited for, so an entry stored, dismissed or failing for another reason meanwhile is left.
 */
export async function dismissOpenEntries(
  db: DbOrTx,
  params: { providerAccountId: string; entries: readonly UnreadEntryVersion[]; byUserId: string; reason: string; at: Date },
): Promise<{ id: string; providerTransactionId: string | null; reason: string }[]> {
  if (params.entries.length === 0) return [];
  const versions = sql.join(
    params.entries.map((entry) => sql`(${entry.id}::uuid, ${entry.openedAt}::timestamptz)`),
    sql`, `,
  );
  return db
    .update(u)
    .set({ dismissedAt: params.at, dismissedByUserId: params.byUserId, dismissalReason: params.reason })
    .where(
      and(
        eq(u.providerAccountId, params.providerAccountId),
        inArray(u.id, params.entries.map((entry) => entry.id)),
        isOpenEntry(),
        sql`(${u.id}, ${u.openedAt}) in (${versions})`,
      ),
    )
    .returning({ id: u.id, providerTransactionId: u.providerTransactionId, reason: u.reason });
}

/** How many of the account's entries are open now. */
export async function countOpenEntries(db: DbOrTx, params: { providerAccountId: string }): Promise<number> {
  const [row] = await db.select({ count: count() }).from(u).where(and(eq(u.providerAccountId, params.providerAccountId), isOpenEntry()));
  return Number(row?.count ?? 0);
}
