/**
 * The queries a dated ledger walk sends (Cardepass accounts/accountLogs): cardepass-v1.md marks both
 * TransactionDateFrom and TransactionDateTo "是" (required), and cardepass-v2.md advises "查询时间范围不建议超过3个月".
 */
import { describe, expect, it } from "vitest";
import { ProviderError } from "@/lib/providers/errors";
import type { AccountLog, Page, TransactionQuery } from "@/lib/providers/types";
import { deepReadFrom } from "./deep-read";
import { walkLedger, type LedgerPosition } from "./statement-walk";

const CARDEPASS = { windowDays: 90, historyDays: 5 * 365 };
const LIMITS = { maxPages: 200, pageSize: 100 };
const AT = new Date("2026-12-02T03:00:00Z");
const DAY = 86_400_000;
const span = (query: TransactionQuery) => (Date.parse(query.to!) - Date.parse(query.from!)) / DAY + 1;
const empty = (): Page<AccountLog> => ({ items: [], nextCursor: null, total: 0 });

async function walk(start: LedgerPosition, answer: (query: TransactionQuery) => Page<AccountLog>) {
  const queries: TransactionQuery[] = [];
  const step = await walkLedger(async (query) => {
    queries.push(query);
    return answer(query);
  }, start, LIMITS, CARDEPASS);
  return { queries, step };
}

describe("a dated ledger walk", () => {
  it("a first read of an empty ledger asks one window, then whether anything is older, both with both dates", async () => {
    const { queries, step } = await walk({ startedAt: AT.toISOString() }, empty);
    expect(step).toMatchObject({ next: null, pages: 2 });
    expect(step.error).toBeUndefined();
    expect(queries).toEqual([
      { from: "2026-09-05", to: "2026-12-03", pageSize: 100 },
      // From the 5-year horizon to the day below the window: one line asked for.
      { from: "2021-12-03", to: "2026-09-04", pageSize: 1 },
    ]);
  });

  it("a provider that refuses the 'anything older?' question with an answer the adapter cannot read is read window by window to the horizon, not stopped for good", async () => {
    const { queries, step } = await walk({ startedAt: AT.toISOString() }, (query) => {
      if (query.pageSize === 1) throw new ProviderError("unknown", { provider: "cardepass", message: "range too long (code 4001)" });
      return empty();
    });
    expect(step.error).toBeUndefined();
    expect(step.next).toBeNull();
    const windows = queries.filter((query) => query.pageSize !== 1);
    // 5 years in 90-day windows.
    expect(windows.length).toBe(Math.ceil((5 * 365 + 2) / 90));
    for (const query of windows) expect(span(query)).toBeLessThanOrEqual(90);
    expect(windows.at(-1)!.from! <= "2021-12-03").toBe(true);
  });

  it("a provider that cannot be reached while asked ends the run at the window it stood in, to go on from there next time", async () => {
    const { step } = await walk({ startedAt: AT.toISOString() }, (query) => {
      if (query.pageSize === 1) throw new ProviderError("unavailable", { provider: "cardepass" });
      return empty();
    });
    expect(step.error).toBeInstanceOf(ProviderError);
    expect(step.next).toEqual({ startedAt: AT.toISOString() });
  });

  it("the daily deep re-read of the last 90 days is one query of one window", async () => {
    const { queries, step } = await walk({ startedAt: AT.toISOString(), from: deepReadFrom(AT) }, empty);
    expect(step).toMatchObject({ next: null, pages: 1 });
    expect(queries).toEqual([{ from: "2026-09-05", to: "2026-12-03", pageSize: 100 }]);
    expect(span(queries[0]!)).toBe(90);
  });
});
