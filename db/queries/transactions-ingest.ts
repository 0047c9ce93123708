import { and, asc, eq, gte, inArray, isNotNull, isNull, lte, notExists, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { holdingAt } from "@/db/queries/card-holdings";
import { cards } from "@/db/schema/cards";
import { transactions } from "@/db/schema/transactions";
import { unknownProviderCards } from "@/db/schema/unknown-provider-cards";
import { STATUS_RANK, type LedgerRowValues } from "@/lib/transactions/ledger-row";

export type LedgerRowInsert = LedgerRowValues & {
  organizationId: string;
  providerAccountId: string;
  cardId: string | null;
  ownerUserId: string | null;
  teamId: string | null;
};

const t = transactions;
const x = (column: string) => sql.raw(`excluded."${column}"`);

const incomingTime = sql`coalesce(${x("provider_updated_at")}, '-infinity'::timestamptz)`;
const currentTime = sql`coalesce(${t.providerUpdatedAt}, '-infinity'::timestamptz)`;

/**
 * The incoming report wins when it is further along (higher status rank); at the same rank, when it describes a later
 * moment (the provider's own update time, or when a list without one was read: toLedgerRow); at the same time too, by
 * status name, so that the result never depends on arrival order.
 * Duplicate, late and out-of-order deliveries therefore converge on the same row and a status never moves backwards.
 */
const incomingWins = sql`(${x("status_rank")} > ${t.statusRank} or (${x("status_rank")} = ${t.statusRank}
  and (${incomingTime} > ${currentTime} or (${incomingTime} = ${currentTime} and ${x("status")} >= ${t.status}))))`;

/** Status-bearing columns: all from the winning report. */
const fromWinner = (column: AnyPgColumn, name: string): SQL =>
  sql`case when ${incomingWins} then ${x(name)} else ${column} end`;
/** Descriptive columns: the winner's value when it has one, else whatever either report knew. */
const known = (column: AnyPgColumn, name: string): SQL =>
  sql`case when ${incomingWins} then coalesce(${x(name)}, ${column}) else coalesce(${column}, ${x(name)}) end`;

/** Whose the earlier of the two times is (both a provider's and Cardhub's when they are the same instant). */
const earlierTimesSource = sql`case when ${x("occurred_at")} < ${t.occurredAt} then ${x("occurred_at_from_provider")}
  when ${x("occurred_at")} > ${t.occurredAt} then ${t.occurredAtFromProvider}
  else ${t.occurredAtFromProvider} or ${x("occurred_at_from_provider")} end`;

/**
 * Inserts the row or moves the existing one forward. Returns the row's id and whether it is new.
 * `timeFromProvider`: the report is a read of the provider's list that gives the transaction's own authorisation time,
 * read in the account's current time zone; it sets occurred_at, so correcting the zone of an account whose provider
 * writes times without one (Card OPEN-API) moves its rows as they are read again. Any other report keeps the earliest
 * time either gives, so a row never jumps in the list. occurred_at_from_provider follows the time kept: whether the
 * provider gave it or Cardhub received a report that gave none (lib/transactions/occurred-at.ts).
 */
export async function upsertLedgerRow(
  db: DbOrTx,
  row: LedgerRowInsert,
  options: { timeFromProvider?: boolean } = {},
): Promise<{ id: string; inserted: boolean; status: LedgerRowInsert["status"]; ownerUserId: string | null }> {
  const changes = mergedColumns(options);
  const [result] = await db
    .insert(t)
    // clock_timestamp, not now(): open pages compare the latest updated_at, and a row stamped with its transaction's
    // start could land behind a newer one already seen.
    .values({ ...row, updatedAt: sql`clock_timestamp()` })
    .onConflictDoUpdate({
      target: [t.providerAccountId, t.providerTransactionId],
      set: { ...changes, updatedAt: sql`case when ${anyChanged(changes)} then clock_timestamp() else ${t.updatedAt} end` },
    })
    .returning({ id: t.id, inserted: sql<boolean>`(xmax = 0)`, status: t.status, ownerUserId: t.ownerUserId });
  return result!;
}

/** What a report sets on the row it meets, from the stored row (as SET reads it) and the report (`excluded`). */
function mergedColumns(options: { timeFromProvider?: boolean }) {
  return {
    status: fromWinner(t.status, "status"),
    statusRank: sql`greatest(${t.statusRank}, ${x("status_rank")})`,
    providerStatus: fromWinner(t.providerStatus, "provider_status"),
    type: fromWinner(t.type, "type"),
    providerType: known(t.providerType, "provider_type"),
    direction: fromWinner(t.direction, "direction"),
    amount: fromWinner(t.amount, "amount"),
    currency: fromWinner(t.currency, "currency"),
    declineReason: fromWinner(t.declineReason, "decline_reason"),
    providerDeclineReason: fromWinner(t.providerDeclineReason, "provider_decline_reason"),
    settledAmount: fromWinner(t.settledAmount, "settled_amount"),
    settledCurrency: fromWinner(t.settledCurrency, "settled_currency"),
    settledAt: fromWinner(t.settledAt, "settled_at"),
    providerUpdatedAt: sql`greatest(${t.providerUpdatedAt}, ${x("provider_updated_at")})`,
    authorisedAmount: known(t.authorisedAmount, "authorised_amount"),
    authorisedCurrency: known(t.authorisedCurrency, "authorised_currency"),
    authorisedAt: known(t.authorisedAt, "authorised_at"),
    merchantAmount: known(t.merchantAmount, "merchant_amount"),
    merchantCurrency: known(t.merchantCurrency, "merchant_currency"),
    merchantName: known(t.merchantName, "merchant_name"),
    merchantCity: known(t.merchantCity, "merchant_city"),
    merchantCountry: known(t.merchantCountry, "merchant_country"),
    merchantCategory: known(t.merchantCategory, "merchant_category"),
    description: known(t.description, "description"),
    authCode: known(t.authCode, "auth_code"),
    providerCardId: sql`coalesce(${t.providerCardId}, ${x("provider_card_id")})`,
    // Owner and team are those given when the row was first linked (the card's holding when it happened): a later
    // report does not move them.
    cardId: sql`coalesce(${t.cardId}, ${x("card_id")})`,
    ownerUserId: sql`case when ${t.cardId} is null then ${x("owner_user_id")} else ${t.ownerUserId} end`,
    teamId: sql`case when ${t.cardId} is null then ${x("team_id")} else ${t.teamId} end`,
    occurredAt: options.timeFromProvider ? x("occurred_at") : sql`least(${t.occurredAt}, ${x("occurred_at")})`,
    occurredAtFromProvider: options.timeFromProvider ? x("occurred_at_from_provider") : earlierTimesSource,
  } satisfies Partial<Record<keyof typeof t.$inferInsert, SQL>>;
}

/**
 * Whether any merged column differs from the stored one. A provider's list is read again every minute: a row the
 * report leaves as it was keeps its updated_at, so the version open pages poll (transactionsVersion) moves only when
 * something they show changed.
 */
function anyChanged(changes: ReturnType<typeof mergedColumns>): SQL {
  const names = Object.keys(changes) as (keyof typeof changes)[];
  const stored = names.map((name) => sql`${t[name]}`);
  const merged = names.map((name) => changes[name]);
  return sql`(${sql.join(stored, sql`, `)}) is distinct from (${sql.join(merged, sql`, `)})`;
}

/** The stored status of each of the account's rows among `providerTransactionIds`; rows not stored yet are absent. */
export async function findLedgerStatuses(
  db: DbOrTx,
  params: { providerAccountId: string; providerTransactionIds: string[] },
): Promise<Map<string, LedgerRowInsert["status"]>> {
  if (params.providerTransactionIds.length === 0) return new Map();
  const rows = await db
    .select({ providerTransactionId: t.providerTransactionId, status: t.status })
    .from(t)
    .where(and(eq(t.providerAccountId, params.providerAccountId), inArray(t.providerTransactionId, params.providerTransactionIds)));
  return new Map(rows.map((row) => [row.providerTransactionId, row.status]));
}

/** What pairs a release row with the hold it releases: the card, the authorisation code and the authorised amount. */
export type ReleaseKey = {
  providerAccountId: string;
  providerCardId: string;
  authCode: string;
  authorisedAmount: bigint;
  authorisedCurrency: string;
};

const sameRelease = (key: ReleaseKey) => [
  eq(t.providerAccountId, key.providerAccountId),
  eq(t.providerCardId, key.providerCardId),
  eq(t.authCode, key.authCode),
  eq(t.authorisedAmount, key.authorisedAmount),
  eq(t.authorisedCurrency, key.authorisedCurrency),
];

/**
 * MONEY: closes the oldest open hold `key` names, held no later than `releasedAt`, as reversed (no money moved), and
 * returns its id; null when there is none. Reads transactions_release_match_idx.
 */
export async function closeHoldReleasedBy(db: DbOrTx, key: ReleaseKey, releasedAt: Date): Promise<string | null> {
  // Found first, then updated by id: an UPDATE … WHERE id IN (a LIMIT 1 … FOR UPDATE subquery) may run the subquery
  // again per row, skip the row it has just updated and close a second hold.
  const [hold] = await holdReleasedByQuery(db, key, releasedAt).for("update");
  if (!hold) return null;
  await db
    .update(t)
    .set({ status: "reversed", statusRank: STATUS_RANK.reversed, updatedAt: sql`clock_timestamp()` })
    .where(eq(t.id, hold.id));
  return hold.id;
}

/**
 * MONEY: pairs the oldest release row `key` names that no hold has claimed yet (still a settled reversal credit), dated
 * no earlier than the hold `heldAt`: it becomes reversed too, so it no longer counts against spend. Its id, or null.
 */
export async function pairReleaseOf(db: DbOrTx, key: ReleaseKey, heldAt: Date): Promise<string | null> {
  // Found first, then updated by id (see closeHoldReleasedBy).
  const [release] = await unpairedReleaseQuery(db, key, heldAt).for("update");
  if (!release) return null;
  await db
    .update(t)
    .set({
      status: "reversed",
      statusRank: STATUS_RANK.reversed,
      settledAmount: null,
      settledCurrency: null,
      settledAt: null,
      updatedAt: sql`clock_timestamp()`,
    })
    .where(eq(t.id, release.id));
  return release.id;
}

/** The hold closeHoldReleasedBy closes, as a statement a test can EXPLAIN. */
export function holdReleasedByQuery(db: DbOrTx, key: ReleaseKey, releasedAt: Date) {
  return db
    .select({ id: t.id })
    .from(t)
    .where(and(...sameRelease(key), eq(t.status, "authorised"), eq(t.direction, "debit"), lte(t.occurredAt, releasedAt)))
    .orderBy(asc(t.occurredAt), asc(t.id))
    .limit(1);
}

/** The release pairReleaseOf pairs, as a statement a test can EXPLAIN. */
export function unpairedReleaseQuery(db: DbOrTx, key: ReleaseKey, heldAt: Date) {
  return db
    .select({ id: t.id })
    .from(t)
    .where(and(...sameRelease(key), eq(t.status, "settled"), eq(t.type, "reversal"), eq(t.direction, "credit"), gte(t.occurredAt, heldAt)))
    .orderBy(asc(t.occurredAt), asc(t.id))
    .limit(1);
}

/**
 * MONEY: serialises, per provider account, every database transaction that writes its ledger rows: a page of the pull
 * or a webhook's row (ingestTransactions), the linking of rows to a card that appeared since (linkUnlinkedTransactions)
 * and a time-zone correction batch. Each takes it before it locks anything the others lock, so none waits for it
 * holding what another needs. No one lock order fits them instead: a page writes its rows one statement at a time in
 * the provider's order (newest first), may close a hold on another row between two, and each statement moves at once
 * the team/day totals its row falls in (statement triggers); the linking locks all its rows in provider transaction id
 * order and moves the totals of all of them at its end, oldest day first. A page and a link deadlocked over a row
 * each held and the other wanted, and, with no row in common, over two days' team totals
 * (sync-page-link.integration.test.ts); PostgreSQL aborted one of them.
 */
export async function lockAccountLedger(tx: DbOrTx, providerAccountId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`transactions-ledger:${providerAccountId}`}, 0))`);
}

/**
 * Links rows whose card was not known when they arrived to the card, and to the holder and team that had it when each
 * happened (holdingAt), in one statement that locks them in provider transaction id order before it writes them (the
 * order a time-zone correction batch locks the account's rows in, transaction-time-zone-correction.ts), under the
 * account's ledger lock (lockAccountLedger).
 */
export async function linkUnlinkedTransactions(
  db: DbOrTx,
  params: { providerAccountId: string },
): Promise<number> {
  return db.transaction(async (tx) => {
    await lockAccountLedger(tx, params.providerAccountId);
    const linked = await tx.execute<{ id: string }>(linkUnlinkedStatement(params.providerAccountId));
    return linked.rows.length;
  });
}

/** The statement linkUnlinkedTransactions runs, so a test can EXPLAIN it. */
export function linkUnlinkedStatement(providerAccountId: string): SQL {
  return sql`
    with linkable as (
      select ${t.id} as id, ${cards.id} as card_id, holding.owner_user_id, holding.team_id
      from ${t}
      join ${cards} on ${cards.providerAccountId} = ${t.providerAccountId} and ${cards.providerCardId} = ${t.providerCardId}
      left join lateral ${holdingAt(cards.id, t.occurredAt)} as holding on true
      where ${t.providerAccountId} = ${providerAccountId} and ${t.cardId} is null
      order by ${t.providerTransactionId}
      for update of ${t}
    )
    update ${t} set
      card_id = linkable.card_id,
      owner_user_id = linkable.owner_user_id,
      team_id = linkable.team_id,
      updated_at = clock_timestamp()
    from linkable
    where ${t.id} = linkable.id
    returning ${t.id}`;
}

/**
 * Provider card ids that unlinked transactions of an account name, that no card of ours holds and that the provider
 * has not already said it does not know, read from transactions_unlinked_idx (ids of cards we hold are only waiting
 * for linkUnlinkedTransactions).
 */
export async function listUnlinkedProviderCardIds(
  db: DbOrTx,
  params: { providerAccountId: string; limit: number },
): Promise<string[]> {
  const rows = await db
    .selectDistinct({ providerCardId: t.providerCardId })
    .from(t)
    .where(
      and(
        eq(t.providerAccountId, params.providerAccountId),
        isNull(t.cardId),
        isNotNull(t.providerCardId),
        notExists(
          db
            .select({ id: cards.id })
            .from(cards)
            .where(and(eq(cards.providerAccountId, t.providerAccountId), eq(cards.providerCardId, t.providerCardId))),
        ),
        notExists(
          db
            .select({ one: sql`1` })
            .from(unknownProviderCards)
            .where(and(eq(unknownProviderCards.providerAccountId, t.providerAccountId), eq(unknownProviderCards.providerCardId, t.providerCardId))),
        ),
      ),
    )
    .orderBy(asc(t.providerCardId))
    .limit(params.limit);
  return rows.map((row) => row.providerCardId).filter((id): id is string => id !== null);
}

export type CardLink = { id: string; alias: string; ownerUserId: string | null; teamId: string | null };

/**
 * The local card behind each row's provider card id (of one account), with the holder and team that had it when the
 * row happened (holdingAt); undefined where the row names no card or a card not known yet. In the rows' order, read
 * in one statement.
 */
export async function findCardLinks(
  db: DbOrTx,
  params: { providerAccountId: string; rows: readonly { providerCardId: string | null; occurredAt: Date }[] },
): Promise<(CardLink | undefined)[]> {
  const links: (CardLink | undefined)[] = params.rows.map(() => undefined);
  const named = params.rows.flatMap((row, index) => (row.providerCardId === null ? [] : [{ index, providerCardId: row.providerCardId, occurredAt: row.occurredAt }]));
  if (named.length === 0) return links;
  const found = await db.execute<{ n: string; id: string; alias: string; owner_user_id: string | null; team_id: string | null }>(
    cardLinksStatement(params.providerAccountId, named),
  );
  for (const link of found.rows) {
    links[named[Number(link.n) - 1]!.index] = { id: link.id, alias: link.alias, ownerUserId: link.owner_user_id, teamId: link.team_id };
  }
  return links;
}

/** The statement findCardLinks runs (n: the row's place among `rows`, from 1), so a test can EXPLAIN it. */
export function cardLinksStatement(providerAccountId: string, rows: readonly { providerCardId: string; occurredAt: Date }[]): SQL {
  return sql`
    select page_row.n, ${cards.id} as id, ${cards.alias} as alias, holding.owner_user_id, holding.team_id
    from unnest(
      ${sql.param(rows.map((row) => row.providerCardId))}::text[],
      ${sql.param(rows.map((row) => row.occurredAt.toISOString()))}::timestamptz[]
    ) with ordinality as page_row(provider_card_id, occurred_at, n)
    join ${cards} on ${cards.providerAccountId} = ${providerAccountId} and ${cards.providerCardId} = page_row.provider_card_id
    left join lateral ${holdingAt(cards.id, sql`page_row.occurred_at`)} as holding on true`;
}

/**
 * Oldest still-authorised transaction of an account since `since`: a pull must look back at least that far to see it
 * settle. Reads transactions_open_auth_idx from `since` on, so stale authorisations before it cost nothing.
 */
export async function oldestOpenAuthorisation(
  db: DbOrTx,
  params: { providerAccountId: string; since: Date },
): Promise<Date | null> {
  const [row] = await oldestOpenAuthorisationQuery(db, params);
  return row?.at ?? null;
}

/** The statement itself, so a test can EXPLAIN exactly what the sweep runs. */
export function oldestOpenAuthorisationQuery(db: DbOrTx, params: { providerAccountId: string; since: Date }) {
  return db
    .select({ at: t.occurredAt })
    .from(t)
    .where(
      and(
        eq(t.providerAccountId, params.providerAccountId),
        eq(t.status, "authorised"),
        gte(t.occurredAt, params.since),
      ),
    )
    .orderBy(asc(t.occurredAt))
    .limit(1);
}
