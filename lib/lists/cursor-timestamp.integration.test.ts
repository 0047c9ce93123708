import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { parseCardSearch } from "@/lib/cards/list-search";
import { olderRequestsParam, parseOlderRequestsParam } from "@/lib/cards/card-page-orders";
import { encodeCursor } from "@/lib/lists/search-params";
import { parseRequestSearch } from "@/lib/requests/list-search";
import { parseTransactionSearch } from "@/lib/transactions/list-search";
import { withTestDatabase } from "@/test/database";

/**
 * Every list whose page cursor carries a time hands it to PostgreSQL as `::timestamptz`: a time the parser accepts and
 * PostgreSQL refuses fails the list's query (the error page) instead of showing the first page with a notice. Each
 * parser is held to what PostgreSQL casts, and to the times the lists themselves write.
 */
const database = withTestDatabase();
const id = "6f1c2a9e-5b7d-4c1e-9a3f-2b8d4e6f1a2c";

/** A hand-edited or cut link's time: what JavaScript's Date.parse or zod's ISO check takes, and some they do not. */
const CRAFTED = [
  "1",
  "12",
  "Jan 1",
  "2026-1-1",
  "2026-02-30T00:00:00.000000Z",
  "2023-02-29T00:00:00.000000Z",
  "0000-01-01T00:00:00.000000Z",
  "0000-01-01T00:00:00Z",
  "2026-01-01T24:00:00.000000Z",
  "2026-01-01T23:59:60.000000Z",
  "2026-01-01T00:00:00.000000+25:00",
  "+002026-01-01T00:00:00.000Z",
  "2026-01-01T00:00:00.1234567890123Z",
  "9999-12-31T23:59:59.9999999Z",
  "2026-01-01t00:00:00.000000Z",
];

/** The time each list's parser accepts out of a cursor carrying `time`, or undefined when it shows the first page. */
const PARSERS: Record<string, (time: string) => string | undefined> = {
  transactions: (time) => parseTransactionSearch({ after: encodeCursor({ at: time, id }) }).after?.at,
  requests: (time) => parseRequestSearch({ after: encodeCursor({ key: time, id }) }).after?.key,
  cards: (time) => parseCardSearch({ sort: "created", after: encodeCursor({ key: time, id }) }).after?.key,
  "card page requests": (time) =>
    parseOlderRequestsParam({ requestsBefore: new URLSearchParams(olderRequestsParam({ key: time, id }).slice(1)).get("requestsBefore")! }).before?.key,
};

async function castsInPostgres(time: string): Promise<boolean> {
  try {
    await database.db().execute(sql`select ${time}::timestamptz`);
    return true;
  } catch {
    return false;
  }
}

describe("page cursor times", () => {
  it("are accepted only when PostgreSQL can read them", async () => {
    const breaks: string[] = [];
    for (const time of CRAFTED) {
      const casts = await castsInPostgres(time);
      for (const [list, parse] of Object.entries(PARSERS)) if (parse(time) !== undefined && !casts) breaks.push(`${list}: ${time}`);
    }
    expect(breaks).toEqual([]);
  });

  it("take every time the lists write, from 1970 to the end of 9998", async () => {
    const result = await database.db().execute<{ written: string }>(sql`
      select to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as written
      from unnest(array['1970-01-01 00:00:00+00', '2024-02-29 23:59:59.999999+00', '2026-12-03 11:31:08.930158+00',
        '9998-12-31 23:59:59.999999+00']::timestamptz[]) as at`);
    const refused: string[] = [];
    for (const { written } of result.rows)
      for (const [list, parse] of Object.entries(PARSERS)) if (parse(written) !== written) refused.push(`${list}: ${written}`);
    expect(refused).toEqual([]);
  });
});
