import { and, asc, eq, gt, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { transactions } from "@/db/schema/transactions";

const t = transactions;

/**
 * The zones an account's rows are stored in, in provider transaction id order: the rows up to `through` (inclusive, in
 * the order of transactions_provider_unique) in the first entry's zone that reaches them, the rest in the entry
 * without `through`, which comes last.
 */
export type StoredZones = { zone: string; through?: string }[];

/** A row's times as stored, with the zone they were read in and whether occurred_at is one the provider gave. */
export type StoredTimes = {
  id: string;
  providerTransactionId: string;
  zone: string;
  authorisedAt: Date | null;
  settledAt: Date | null;
  occurredAt: Date;
  occurredAtFromProvider: boolean;
};

/** A row's times as they are to be written. */
export type MovedTimes = Pick<StoredTimes, "id" | "authorisedAt" | "settledAt" | "occurredAt">;

/**
 * Serialises an account's time-zone correction in the calling transaction: the change of the account's zone that
 * records it and each batch that carries it out take this first, so neither writes over what the other just saved.
 */
export async function lockTimeZoneCorrection(tx: DbOrTx, providerAccountId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`time-zone-correction:${providerAccountId}`}))`);
}

/** The zone each row was stored in, by where its provider transaction id falls (compared by the database's order). */
function storedZoneOf(stored: StoredZones): SQL<string> {
  const bounded = stored.filter((entry) => entry.through !== undefined);
  const rest = stored.at(-1)!;
  if (bounded.length === 0) return sql<string>`${rest.zone}::text`;
  const cases = bounded.map((entry) => sql`when ${t.providerTransactionId} <= ${entry.through} then ${entry.zone}::text`);
  return sql<string>`case ${sql.join(cases, sql` `)} else ${rest.zone}::text end`;
}

/**
 * The account's next `limit` rows after provider transaction id `after`, in that order, read from
 * transactions_provider_unique (the order no time change moves a row in), each with the zone it is stored in, locked
 * in that order until the batch's transaction ends (the order linkUnlinkedTransactions locks them in too).
 */
export function timesToMoveQuery(db: DbOrTx, params: { providerAccountId: string; after: string | undefined; stored: StoredZones; limit: number }) {
  return db
    .select({
      id: t.id,
      providerTransactionId: t.providerTransactionId,
      zone: storedZoneOf(params.stored),
      authorisedAt: t.authorisedAt,
      settledAt: t.settledAt,
      occurredAt: t.occurredAt,
      occurredAtFromProvider: t.occurredAtFromProvider,
    })
    .from(t)
    .where(and(eq(t.providerAccountId, params.providerAccountId), params.after === undefined ? undefined : gt(t.providerTransactionId, params.after)))
    .orderBy(asc(t.providerTransactionId))
    .limit(params.limit)
    .for("update");
}

/**
 * Writes a batch's moved times in one statement: the totals rollups' statement triggers move each row's contribution
 * between days and months in the same transaction. updated_at moves too, so open lists see the rows changed.
 */
export async function writeMovedTimes(tx: DbOrTx, rows: readonly MovedTimes[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((row) => ({
    id: row.id,
    authorised_at: row.authorisedAt?.toISOString() ?? null,
    settled_at: row.settledAt?.toISOString() ?? null,
    occurred_at: row.occurredAt.toISOString(),
  }));
  await tx.execute(sql`
    update ${t} set
      authorised_at = v.authorised_at,
      settled_at = v.settled_at,
      occurred_at = v.occurred_at,
      updated_at = clock_timestamp()
    from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as v(id uuid, authorised_at timestamptz, settled_at timestamptz, occurred_at timestamptz)
    where ${t.id} = v.id`);
}
