import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { DbOrTx } from "@/db/client";
import { withTestDatabase } from "@/test/database";
import { readTogether } from "./read-together";

const database = withTestDatabase();

/** Two reads that log when each starts and ends, the first the slower. */
function loggedReads(db: DbOrTx, log: string[]) {
  const read = (name: string, seconds: number) => async () => {
    log.push(`${name} starts`);
    const result = await db.execute<{ name: string }>(sql`select ${name}::text as name, pg_sleep(${seconds})`);
    log.push(`${name} ends`);
    return result.rows[0]!.name;
  };
  return [read("first", 0.05), read("second", 0)] as const;
}

describe("independent reads", () => {
  it("start together on the pool", async () => {
    const log: string[] = [];
    expect(await readTogether(database.db(), loggedReads(database.db(), log))).toEqual(["first", "second"]);
    expect(log.slice(0, 2)).toEqual(["first starts", "second starts"]);
  });

  it("run one after another inside a transaction, whose one connection takes one query at a time", async () => {
    const log: string[] = [];
    const names = await database.db().transaction(async (tx) => readTogether(tx, loggedReads(tx, log)));
    expect(names).toEqual(["first", "second"]);
    expect(log).toEqual(["first starts", "first ends", "second starts", "second ends"]);
  });
});
