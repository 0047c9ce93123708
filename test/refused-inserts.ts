import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

/**
 * Runs `work` while the database refuses every row written to `table` with `message` (as a constraint that names the
 * row's values would): an error of Cardhub's own, not the provider's, in the middle of a sync.
 */
export async function whileInsertsRefused<T>(db: Db, table: string, message: string, work: () => Promise<T>): Promise<T> {
  const refuse = sql.identifier(`refuse_${table}_insert`);
  const quoted = message.replaceAll("'", "''");
  await db.execute(sql`create function ${refuse}() returns trigger language plpgsql as $$ begin raise exception '${sql.raw(quoted)}'; end $$`);
  await db.execute(sql`create trigger ${refuse} before insert on ${sql.identifier(table)} for each row execute function ${refuse}()`);
  try {
    return await work();
  } finally {
    await db.execute(sql`drop trigger ${refuse} on ${sql.identifier(table)}`);
    await db.execute(sql`drop function ${refuse}()`);
  }
}
