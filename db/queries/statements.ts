import { and, eq, getTableColumns, gte, isNotNull, lt, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { cards } from "@/db/schema/cards";
import { providerStatements, type StatementSource } from "@/db/schema/provider-statements";
import { keysetPage } from "@/lib/lists/keyset-page";

/** The Cardhub card a line names, as a statement shows it (null: the line names none, or one Cardhub does not hold). */
export type StatementCard = { id: string; alias: string; last4: string | null };
/** A stored line as a statement lists it, with the card it names. */
export type StatementRow = typeof providerStatements.$inferSelect & { card: StatementCard | null };
export type NewStatement = typeof providerStatements.$inferInsert;

/**
 * Idempotent: a line read again (a Pending line now Completed) replaces what was stored for it, and a line read again
 * as it was is left untouched (synced_at included), so re-reading a ledger changes nothing and rewrites no row.
 */
export async function upsertStatements(db: DbOrTx, rows: NewStatement[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(providerStatements)
    .values(rows)
    .onConflictDoUpdate({
      target: [providerStatements.providerAccountId, providerStatements.source, providerStatements.providerLogId],
      set: {
        cardId: sql`coalesce(excluded.card_id, ${providerStatements.cardId})`,
        providerCardId: sql`excluded.provider_card_id`,
        providerOrderId: sql`excluded.provider_order_id`,
        type: sql`excluded.type`,
        direction: sql`excluded.direction`,
        currency: sql`excluded.currency`,
        amount: sql`excluded.amount`,
        fee: sql`excluded.fee`,
        feeCurrency: sql`excluded.fee_currency`,
        feeItems: sql`excluded.fee_items`,
        total: sql`excluded.total`,
        totalCurrency: sql`excluded.total_currency`,
        availableAfter: sql`excluded.available_after`,
        blockedAfter: sql`excluded.blocked_after`,
        status: sql`excluded.status`,
        note: sql`excluded.note`,
        // occurred_at is kept as first stored: a transaction's time does not change, and a line without one keeps
        // the time it was first read rather than moving on every sync.
        completedAt: sql`excluded.completed_at`,
        syncedAt: sql`excluded.synced_at`,
      },
      setWhere: sql`(coalesce(excluded.card_id, ${providerStatements.cardId}), excluded.provider_card_id, excluded.provider_order_id, excluded.type,
        excluded.direction, excluded.currency, excluded.amount, excluded.fee, excluded.fee_currency, excluded.fee_items, excluded.total,
        excluded.total_currency, excluded.available_after, excluded.blocked_after, excluded.status, excluded.note, excluded.completed_at)
        is distinct from (${providerStatements.cardId}, ${providerStatements.providerCardId}, ${providerStatements.providerOrderId},
        ${providerStatements.type}, ${providerStatements.direction}, ${providerStatements.currency}, ${providerStatements.amount},
        ${providerStatements.fee}, ${providerStatements.feeCurrency}, ${providerStatements.feeItems}, ${providerStatements.total},
        ${providerStatements.totalCurrency}, ${providerStatements.availableAfter}, ${providerStatements.blockedAfter}, ${providerStatements.status},
        ${providerStatements.note}, ${providerStatements.completedAt})`,
    });
}

/**
 * Links the account's stored lines that name no Cardhub card yet to the card Cardhub now holds for them: by the
 * provider's card id (the card imported or linked after the line was stored), else, for a line with no card id, by its
 * order number (the funding lines of a card's issue, posted before the card exists, carry only the order's number) to
 * the card of Cardhub's order with that number. Only within the line's own provider account (so its organisation), and
 * only to one card: an order number two of Cardhub's orders share with different cards links nothing.
 * Returns how many lines it linked.
 */
export async function linkStatementCards(db: DbOrTx, params: { providerAccountId: string }): Promise<number> {
  const cardOfLine = sql`coalesce(
    (select c.id from cards c where c.provider_account_id = s.provider_account_id and c.provider_card_id = s.provider_card_id),
    (select case when count(distinct o.card_id) = 1 then (array_agg(o.card_id))[1] end
       from provider_orders o
      where s.provider_card_id is null and o.provider_account_id = s.provider_account_id and o.provider_order_id = s.provider_order_id and o.card_id is not null))`;
  // The account's unlinked lines through provider_statements_unlinked_idx, each looked up by cards_provider_card_unique
  // and provider_orders_provider_order_idx: no walk of the account's linked lines, nor of another account's; a line
  // still naming no card Cardhub holds is left as it is, not rewritten.
  const result = await db.execute(sql`
    update provider_statements as s set card_id = ${cardOfLine}
    where s.provider_account_id = ${params.providerAccountId}::uuid
      and s.card_id is null and (s.provider_card_id is not null or s.provider_order_id is not null)
      and ${cardOfLine} is not null`);
  return result.rowCount ?? 0;
}

/**
 * The account's cards, to ask for their own ledgers and to link lines to them. Cancelled cards stay: their ledgers go
 * on after the cancel (NobePay lists the CANCEL_CARD entry, a Cardepass Standard cancel refunds the balance later).
 * `read` says whether any of the card's own lines is stored yet (a card imported or issued since is read in full);
 * `missingSince` is set for a card its provider no longer knows, whose ledger cannot be read.
 */
export async function listStatementCards(
  db: DbOrTx,
  params: { providerAccountId: string },
): Promise<{ id: string; providerCardId: string; alias: string; read: boolean; missingSince: Date | null }[]> {
  const rows = await db
    .select({
      id: cards.id,
      providerCardId: cards.providerCardId,
      alias: cards.alias,
      missingSince: cards.providerMissingSince,
      read: sql<boolean>`exists (select 1 from provider_statements s where s.card_id = "cards"."id" and s.source = 'card')`,
    })
    .from(cards)
    .where(and(eq(cards.providerAccountId, params.providerAccountId), isNotNull(cards.providerCardId)));
  return rows.map((row) => ({ ...row, providerCardId: row.providerCardId! }));
}

/**
 * Exactly one of the two scopes. An account's statement may hold both ledgers (each line says its source); a card's is
 * always one ledger, the card's own lines or the funding account's lines that name the card, so no list or sum of a card
 * mixes the card's balance with the funding account's.
 */
export type StatementFilter = (
  | { providerAccountId: string; cardId?: undefined; source?: StatementSource }
  | { cardId: string; providerAccountId?: undefined; source: StatementSource }
) & {
  type?: string;
  /** Inclusive lower bound and exclusive upper bound. */
  from?: Date;
  until?: Date;
};

export type StatementCursor = { occurredAt: Date; id: bigint };

export const STATEMENT_PAGE_SIZE = 50;

function conditions(filter: StatementFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.cardId) {
    if (!filter.source) throw new Error("A card's statement is of one ledger: give its source.");
    where.push(eq(providerStatements.cardId, filter.cardId), eq(providerStatements.source, filter.source));
  } else if (filter.providerAccountId) {
    where.push(eq(providerStatements.providerAccountId, filter.providerAccountId));
    if (filter.source) where.push(eq(providerStatements.source, filter.source));
  } else throw new Error("A statement list needs an account or a card.");
  if (filter.type) where.push(eq(providerStatements.type, filter.type));
  if (filter.from) where.push(gte(providerStatements.occurredAt, filter.from));
  if (filter.until) where.push(lt(providerStatements.occurredAt, filter.until));
  return where;
}

export type StatementPage = { rows: StatementRow[]; next: StatementCursor | null; previous: StatementCursor | null };

/**
 * One page of lines, newest first, keyset-paged on (occurred_at DESC, id DESC), the order the account index, or the
 * card-and-source index, walks: older than `after`, or (walking the same index the other way) the page just newer
 * than `before`, with the cursors of the pages either side.
 */
export async function listStatements(
  db: DbOrTx,
  params: { filter: StatementFilter; after?: StatementCursor | null; before?: StatementCursor | null; limit?: number },
): Promise<StatementPage> {
  const limit = params.limit ?? STATEMENT_PAGE_SIZE;
  const where = conditions(params.filter);
  const backwards = Boolean(params.before);
  const cursor = params.before ?? params.after;
  if (cursor) {
    // A row comparison, which the index takes as where to start; the same rule written with OR is only a filter,
    // and every later page (the export reads 1,000 lines a page) would read all the newer lines again.
    const key = sql`(${providerStatements.occurredAt}, ${providerStatements.id})`;
    const at = sql`(${cursor.occurredAt.toISOString()}::timestamptz, ${cursor.id.toString()}::bigint)`;
    where.push(backwards ? sql`${key} > ${at}` : sql`${key} < ${at}`);
  }
  // The card by its primary key for each line the limit keeps, below the walk of the statements' index: every reader of
  // statements (funding.view) sees every card of the organisation (lib/statements/statement-card-labels.test.ts).
  const fetched = await db
    .select({ ...getTableColumns(providerStatements), card: { id: cards.id, alias: cards.alias, last4: cards.last4 } })
    .from(providerStatements)
    .leftJoin(cards, eq(cards.id, providerStatements.cardId))
    .where(and(...where))
    .orderBy(
      ...(backwards
        ? [sql`${providerStatements.occurredAt} asc nulls last`, sql`${providerStatements.id} asc nulls last`]
        : [sql`${providerStatements.occurredAt} desc nulls first`, sql`${providerStatements.id} desc nulls first`]),
    )
    .limit(limit + 1);
  const page = keysetPage(fetched, { limit, backwards, fromCursor: cursor !== undefined && cursor !== null, toCursor: (row): StatementCursor => ({ occurredAt: row.occurredAt, id: row.id }) });
  return { rows: page.rows, next: page.nextCursor, previous: page.previousCursor };
}

export function encodeStatementCursor(cursor: StatementCursor): string {
  return `${cursor.occurredAt.toISOString()}_${cursor.id}`;
}

export function decodeStatementCursor(value: string | undefined | null): StatementCursor | null {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_(\d{1,19})$/.exec(value ?? "");
  if (!match) return null;
  const occurredAt = new Date(match[1]!);
  return Number.isNaN(occurredAt.getTime()) ? null : { occurredAt, id: BigInt(match[2]!) };
}

/** Every matching line in list order, one batch per read (constant memory for exports). */
export async function* iterateStatements(db: DbOrTx, params: { filter: StatementFilter; batchSize?: number }): AsyncGenerator<StatementRow[]> {
  let after: StatementCursor | null = null;
  for (;;) {
    const page = await listStatements(db, { filter: params.filter, after, limit: params.batchSize ?? 1000 });
    if (page.rows.length > 0) yield page.rows;
    if (!page.next) return;
    after = page.next;
  }
}
