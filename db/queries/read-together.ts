import { PgTransaction } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";

type Results<T extends readonly (() => PromiseLike<unknown>)[]> = { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };

/**
 * Independent reads: at once on the pool, each on a connection of its own; one after another inside a transaction,
 * whose one connection runs one query at a time (node-postgres queues the others and deprecates doing so; pg@9 refuses).
 */
export async function readTogether<const T extends readonly (() => PromiseLike<unknown>)[]>(db: DbOrTx, reads: T): Promise<Results<T>> {
  if (!(db instanceof PgTransaction)) return (await Promise.all(reads.map((read) => read()))) as Results<T>;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as Results<T>;
}
