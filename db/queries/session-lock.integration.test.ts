import { sql } from "drizzle-orm";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createDb, type Db } from "@/db/client";
import { withTestDatabase } from "@/test/database";
import { withSessionLock } from "./session-lock";

const database = withTestDatabase();

/** Advisory locks granted in the test database right now. */
const advisoryLocksHeld = async (db: Db) =>
  (await db.execute<{ n: number }>(sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())`)).rows[0]!.n;

/** A promise with its resolve function, to hold a run open until the test lets it go. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe("withSessionLock", () => {
  it("a second run of the same key waits for the first to finish, then runs", async () => {
    const db = database.db();
    const order: string[] = [];
    const hold = gate();
    const first = withSessionLock(db, "test:a", 10_000, async () => {
      order.push("first started");
      await hold.opened;
      order.push("first done");
      return 1;
    });
    await expect.poll(() => order).toEqual(["first started"]);
    const second = withSessionLock(db, "test:a", 10_000, async () => {
      order.push("second started");
      return 2;
    });
    // A run of another key is not held up.
    expect(await withSessionLock(db, "test:b", 1_000, async () => "other")).toEqual({ ran: true, value: "other" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(order).toEqual(["first started"]);
    hold.open();
    expect(await first).toEqual({ ran: true, value: 1 });
    expect(await second).toEqual({ ran: true, value: 2 });
    expect(order).toEqual(["first started", "first done", "second started"]);
  });

  it("gives up after the wait, without running, while another process holds the lock", async () => {
    // Another process: a pool of its own on the same database.
    const other = createDb(database.url(), 2);
    const hold = gate();
    try {
      const holder = withSessionLock(other.db, "test:c", 1_000, () => hold.opened);
      await expect.poll(() => advisoryLocksHeld(database.db())).toBe(1);
      let ran = false;
      expect(await withSessionLock(database.db(), "test:c", 200, async () => (ran = true))).toEqual({ ran: false });
      expect(ran).toBe(false);
      hold.open();
      await holder;
    } finally {
      await other.pool.end();
    }
  });

  it("frees the lock when the run fails, and when the process holding it dies", async () => {
    const db = database.db();
    await expect(withSessionLock(db, "test:d", 1_000, async () => Promise.reject(new Error("the run failed")))).rejects.toThrow("the run failed");
    expect(await withSessionLock(db, "test:d", 200, async () => "after a failure")).toEqual({ ran: true, value: "after a failure" });

    // Another process takes the same lock on a connection of its own, then dies: PostgreSQL ends its session, and the
    // session's locks with it.
    const dying = new pg.Client({ connectionString: database.url() });
    dying.on("error", () => undefined);
    await dying.connect();
    await dying.query("select pg_advisory_lock(hashtextextended($1, 0))", ["test:e"]);
    expect(await withSessionLock(db, "test:e", 200, async () => "while held")).toEqual({ ran: false });
    await db.execute(sql`select pg_terminate_backend(${(dying as unknown as { processID: number }).processID})`);
    expect(await withSessionLock(db, "test:e", 2_000, async () => "after a crash")).toEqual({ ran: true, value: "after a crash" });
    await dying.end().catch(() => undefined);
  });
});
