import { createHash } from "node:crypto";
import { and, asc, count, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { transactionRowsUnread } from "@/db/schema/transaction-rows-unread";
import { transactions } from "@/db/schema/transactions";

const u = transactionRowsUnread;

export type UnreadRowInput = { providerTransactionId: string | null; reason: string };
export type UnreadRow = { providerTransactionId: string | null; reason: string; firstSeenAt: Date; lastSeenAt: Date };
/** An account's open entries: how many, and the first few (oldest first). */
export type UnreadRowsOfAccount = { count: number; first: UnreadRow[] };

export const reasonKeyOf = (reason: string): string => createHash("sha256").update(reason).digest("hex");

/**
 * Open while the ledger lacks the transaction: a row whose id the ledger already holds (an unreadable later report of a
 * stored transaction) is kept, but resolved at once, since it is in Cardhub.
 */
const resolvedUnlessMissing = (providerAccountId: string, providerTransactionId: string | null, at: Date) =>
  providerTransactionId === null
    ? sql`null::timestamptz`
    : sql`case when exists (select 1 from ${transactions} where ${transactions.providerAccountId} = ${providerAccountId}
        and ${transactions.providerTransactionId} = ${providerTransactionId}) then ${at.toISOString()}::timestamptz else null end`;

/** A row recorded by recordUnreadTransactionRows that the sync should put on record. */
export type RecordedUnreadRow = UnreadRowInput & {
  /** A dismissed entry failing for another reason: the dismissal, about the earlier failure, no longer applies. */
  reopened: boolean;
};

/** Open: the ledger still lacks it and nobody dismissed it; what the sync status counts. */
export const isOpenEntry = () => and(isNull(u.resolvedAt), isNull(u.dismissedAt))!;

/**
 * Records rows of a page that could not be read: a new one with first and last seen now, a known one with its last
 * seen moved (first seen stays). Call it in the page's own transaction. Returns the rows first recorded as missing
 * from the ledger by this call (inserted and open), and the dismissed ones it opened again, for their audit rows.
 *
 * A dismissed entry failing again for the same reason stays dismissed (the person acknowledged exactly that failure);
 * for another reason it is open again, since nobody has looked at that failure yet. An open entry failing for another
 * reason counts as opened now, so a dismissal from a list that showed the earlier reason leaves it open. An id-less
 * entry is keyed by its reason, so another reason is another entry.
 */
export async function recordUnreadTransactionRows(
  db: DbOrTx,
  params: { providerAccountId: string; rows: readonly UnreadRowInput[]; at: Date },
): Promise<RecordedUnreadRow[]> {
  const recorded: RecordedUnreadRow[] = [];
  for (const row of params.rows) {
    const resolvedAt = resolvedUnlessMissing(params.providerAccountId, row.providerTransactionId, params.at);
    const reasonKey = reasonKeyOf(row.reason);
    // Locked, so a dismissal cannot slip in between the check and the write.
    const [before] =
      row.providerTransactionId === null
        ? []
        : await db
            .select({ dismissedAt: u.dismissedAt, reasonKey: u.reasonKey })
            .from(u)
            .where(and(eq(u.providerAccountId, params.providerAccountId), eq(u.providerTransactionId, row.providerTransactionId)))
            .for("update");
    const liftsDismissal = before?.dismissedAt != null && before.reasonKey !== reasonKey;
    const keepDismissal = (column: AnyPgColumn) => (liftsDismissal ? null : sql`${column}`);
    const [result] = await db
      .insert(u)
      .values({
        providerAccountId: params.providerAccountId,
        providerTransactionId: row.providerTransactionId,
        reasonKey,
        reason: row.reason,
        firstSeenAt: params.at,
        lastSeenAt: params.at,
        openedAt: params.at,
        resolvedAt,
      })
      .onConflictDoUpdate(
        row.providerTransactionId === null
          ? { target: [u.providerAccountId, u.reasonKey], targetWhere: isNull(u.providerTransactionId), set: { lastSeenAt: sql`greatest(${u.lastSeenAt}, excluded.last_seen_at)` } }
          : {
              target: [u.providerAccountId, u.providerTransactionId],
              targetWhere: isNotNull(u.providerTransactionId),
              set: {
                lastSeenAt: sql`greatest(${u.lastSeenAt}, excluded.last_seen_at)`,
                reason: sql`excluded.reason`,
                reasonKey: sql`excluded.reason_key`,
                resolvedAt,
                // Open again from now when it fails again after it was resolved, or for another reason than the one a
                // list may have shown: a dismissal from a list read before this covers neither (dismiss-unread.ts).
                openedAt: liftsDismissal
                  ? sql`excluded.opened_at`
                  : sql`case when ${u.resolvedAt} is not null or ${u.reasonKey} <> excluded.reason_key then excluded.opened_at else ${u.openedAt} end`,
                dismissedAt: keepDismissal(u.dismissedAt),
                dismissedByUserId: keepDismissal(u.dismissedByUserId),
                dismissalReason: keepDismissal(u.dismissalReason),
              },
            },
      )
      .returning({ inserted: sql<boolean>`(xmax = 0)`, open: sql<boolean>`(${u.resolvedAt} is null and ${u.dismissedAt} is null)` });
    if (result?.open && (result.inserted || liftsDismissal)) recorded.push({ ...row, reopened: !result.inserted });
  }
  return recorded;
}

/**
 * Marks an account's entries with these provider ids resolved, dismissed ones included: the ledger now holds them.
 * Returns how many.
 */
export async function resolveUnreadTransactionRows(
  db: DbOrTx,
  params: { providerAccountId: string; providerTransactionIds: readonly string[]; at: Date },
): Promise<number> {
  if (params.providerTransactionIds.length === 0) return 0;
  const resolved = await db
    .update(u)
    .set({ resolvedAt: params.at })
    .where(
      and(
        eq(u.providerAccountId, params.providerAccountId),
        isNotNull(u.providerTransactionId),
        inArray(u.providerTransactionId, [...new Set(params.providerTransactionIds)]),
        isNull(u.resolvedAt),
      ),
    )
    .returning({ id: u.id });
  return resolved.length;
}

/** The open entries of one account, oldest first (transaction_rows_unread_open_idx, in its order). */
export function openUnreadRowsQuery(db: DbOrTx, params: { providerAccountId: string; limit: number }) {
  return db
    .select({ providerTransactionId: u.providerTransactionId, reason: u.reason, firstSeenAt: u.firstSeenAt, lastSeenAt: u.lastSeenAt })
    .from(u)
    .where(and(eq(u.providerAccountId, params.providerAccountId), isOpenEntry()))
    .orderBy(asc(u.firstSeenAt), asc(u.id))
    .limit(params.limit);
}

/** How many open entries (dismissed ones do not count) each account of the organisation has; an account with none is absent. */
export async function countOpenUnreadByAccount(db: DbOrTx, params: { organizationId: string }): Promise<Map<string, number>> {
  const counts = await db
    .select({ accountId: u.providerAccountId, count: count() })
    .from(u)
    .innerJoin(providerAccounts, eq(providerAccounts.id, u.providerAccountId))
    .where(and(eq(providerAccounts.organizationId, params.organizationId), isOpenEntry()))
    .groupBy(u.providerAccountId);
  return new Map(counts.map(({ accountId, count: open }) => [accountId, Number(open)]));
}

/** Each account of the organisation with open entries (dismissed ones do not count): how many, and the first `limit` of them. */
export async function listOpenUnreadTransactionRows(
  db: DbOrTx,
  params: { organizationId: string; limit: number },
): Promise<Map<string, UnreadRowsOfAccount>> {
  const byAccount = new Map<string, UnreadRowsOfAccount>();
  // Only accounts with open entries (normally none) get their few rows read.
  for (const [accountId, open] of await countOpenUnreadByAccount(db, params))
    byAccount.set(accountId, { count: open, first: await openUnreadRowsQuery(db, { providerAccountId: accountId, limit: params.limit }) });
  return byAccount;
}
