import type pg from "pg";

/** Until `count` sessions of the watcher's database wait for a lock (a deadlock test's interleaving is in place). */
export async function lockWaitersReach(watcher: pg.Client, count: number): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const { rows } = await watcher.query(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
    if ((rows[0] as { n: number }).n >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`fewer than ${count} sessions ever waited for a lock`);
}

/** How a concurrent step ended, as one line a test compares: "page ok (2)", or "link failed: 40P01 deadlock detected". */
export const outcomeOf = (what: string) =>
  [
    (value: unknown) => `${what} ok${typeof value === "number" ? ` (${value})` : ""}`,
    (error: unknown) => {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause ?? (error as { code?: string; message?: string });
      return `${what} failed: ${cause.code} ${cause.message?.split("\n")[0]}`;
    },
  ] as const;
