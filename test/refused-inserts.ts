import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

/** The rows a test makes the database refuse: every row written to `table`, or only those whose `column` is `equals`. */
type RefusedRows = { table: string; column?: string; equals?: string };

/**
 * Runs `work` while the database refuses every row written to `table` with `message` (as a constraint that names the
 * row's values would): an error of Cardhub's own, not the provider's, in the middle of a sync.
 */
export async function whileInsertsRefused<T>(db: Db, table: string, message: string, work: () => Promise<T>): Promise<T> {
  return whileRowsRefused(db, { table }, message, work);
}

/**
 * As whileInsertsRefused, for only the rows whose `column` holds `equals` (one card's rows, one odd transaction): an
 * error of Cardhub's own that only some of a sync's reads meet.
 */
export async function whileInsertsRefusedWhere<T>(
  db: Db,
  rows: Required<RefusedRows>,
  message: string,
  work: () => Promise<T>,
): Promise<T> {
  return whileRowsRefused(db, rows, message, work);
}

const literal = (text: string) => sql.raw(`'${text.replaceAll("'", "''")}'`);

async function whileRowsRefused<T>(db: Db, rows: RefusedRows, message: string, work: () => Promise<T>): Promise<T> {
  const refuse = sql.identifier(`refuse_${rows.table}_insert`);
  const table = sql.identifier(rows.table);
  const when = rows.column === undefined ? sql`` : sql`when (new.${sql.identifier(rows.column)} = ${literal(rows.equals ?? "")})`;
  await db.execute(sql`create function ${refuse}() returns trigger language plpgsql as $$ begin raise exception ${literal(message)}; end $$`);
  await db.execute(sql`create trigger ${refuse} before insert on ${table} for each row ${when} execute function ${refuse}()`);
  try {
    return await work();
  } finally {
    await db.execute(sql`drop trigger ${refuse} on ${table}`);
    await db.execute(sql`drop function ${refuse}()`);
  }
}
