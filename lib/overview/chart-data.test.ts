import { describe, expect, it } from "vitest";
import { keptSeriesKeys, OTHER_SERIES_KEY, plotPoints, spendCharts } from "./chart-data";

const row = (day: string, currency: string, seriesKey: string, spent: bigint) => ({ day, currency, seriesKey, seriesLabel: seriesKey.toUpperCase(), spent });

describe("spendCharts", () => {
  it("keeps each currency apart and fills every day of the window with zeros", () => {
    const charts = spendCharts(
      [row("2026-11-02", "USD", "b", 150n), row("2026-11-02", "USD", "a", 100n), row("2026-11-03", "EUR", "a", 70n), row("2026-11-04", "USD", "a", 5n)],
      new Date("2026-11-01T00:00:00Z"),
      new Date("2026-11-04T18:00:00Z"),
    );
    expect(charts.map((chart) => chart.currency)).toEqual(["EUR", "USD"]);
    const usd = charts[1]!;
    expect(usd.series).toEqual([{ key: "a", label: "A" }, { key: "b", label: "B" }]);
    expect(usd.days.map((day) => day.day)).toEqual(["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04"]);
    expect(usd.days[1]).toEqual({ day: "2026-11-02", values: { a: 100n, b: 150n }, total: 250n });
    expect(usd.days[2]!.total).toBe(0n);
    expect(usd.total).toBe(255n);
    expect(charts[0]!.total).toBe(70n);
  });

  it("draws a row stamped after now on its day, so the chart adds up to 'this month' beside it", () => {
    // 23:58 UTC on the 20th; a provider clock a little ahead stamped a purchase 00:03 on the 21st.
    const [usd] = spendCharts([row("2026-11-20", "USD", "a", 1000n), row("2026-11-21", "USD", "a", 5000n)], new Date("2026-11-19T00:00:00Z"), new Date("2026-11-20T23:58:00Z"));
    expect(usd!.days.map((day) => day.day)).toEqual(["2026-11-19", "2026-11-20", "2026-11-21"]);
    expect(usd!.total).toBe(6000n);
  });

  it("plots major units by the currency's exponent", () => {
    const [jpy] = spendCharts([row("2026-11-01", "JPY", "a", 1500n)], new Date("2026-11-01T00:00:00Z"), new Date("2026-11-01T00:00:00Z"));
    expect(plotPoints(jpy!)).toEqual([{ day: "2026-11-01", s0: 1500 }]);
    const [usd] = spendCharts([row("2026-11-01", "USD", "a", 1234n)], new Date("2026-11-01T00:00:00Z"), new Date("2026-11-01T00:00:00Z"));
    expect(plotPoints(usd!)).toEqual([{ day: "2026-11-01", s0: 12.34 }]);
  });

  it("adds up the series beyond the five-colour palette as one, after the four that spent most", () => {
    const teams = ["a", "b", "c", "d", "e", "f", "g"];
    // Team g spends most, then f, e, d; a, b and c (and a refund-only day of c) become one "Other teams" series.
    const rows = teams.flatMap((team, index) => [row("2026-11-01", "USD", team, BigInt(10 * (index + 1))), row("2026-11-02", "USD", team, BigInt(index + 1))]);
    rows.push(row("2026-11-02", "USD", "c", -3n));
    const [usd] = spendCharts(rows, new Date("2026-11-01T00:00:00Z"), new Date("2026-11-02T00:00:00Z"), (entry) => entry.seriesLabel, "Other teams");
    expect(usd!.series).toEqual([
      { key: "d", label: "D" },
      { key: "e", label: "E" },
      { key: "f", label: "F" },
      { key: "g", label: "G" },
      { key: OTHER_SERIES_KEY, label: "Other teams" },
    ]);
    expect(usd!.days[0]!.values).toEqual({ d: 40n, e: 50n, f: 60n, g: 70n, [OTHER_SERIES_KEY]: 10n + 20n + 30n });
    expect(usd!.days[1]!.values).toEqual({ d: 4n, e: 5n, f: 6n, g: 7n, [OTHER_SERIES_KEY]: 1n + 2n + 3n - 3n });
    // Nothing is lost in the folding.
    expect(usd!.total).toBe(rows.reduce((sum, entry) => sum + entry.spent, 0n));
    expect(plotPoints(usd!)[0]).toEqual({ day: "2026-11-01", s0: 0.4, s1: 0.5, s2: 0.6, s3: 0.7, s4: 0.6 });
  });

  it("keeps five series or fewer as they are", () => {
    const rows = ["a", "b", "c", "d", "e"].map((team, index) => row("2026-11-01", "USD", team, BigInt(index + 1)));
    const [usd] = spendCharts(rows, new Date("2026-11-01T00:00:00Z"), new Date("2026-11-01T00:00:00Z"));
    expect(usd!.series.map((series) => series.key)).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("breaks a tie for the last place by key, and draws rows folded by the database last under the given label", () => {
    const tied = ["e", "d", "c", "b", "a", "f"].map((team) => row("2026-11-01", "USD", team, team === "f" ? 9n : 5n));
    expect([...keptSeriesKeys(tied.map((entry) => ({ key: entry.seriesKey, total: entry.spent })))!].sort()).toEqual(["a", "b", "c", "f"]);
    const folded = [row("2026-11-01", "USD", "zeta", 50n), row("2026-11-01", "USD", OTHER_SERIES_KEY, 70n), row("2026-11-01", "USD", "alpha", 40n)];
    const [usd] = spendCharts(folded, new Date("2026-11-01T00:00:00Z"), new Date("2026-11-01T00:00:00Z"), (entry) => entry.seriesLabel, "Other teams");
    expect(usd!.series).toEqual([
      { key: "alpha", label: "ALPHA" },
      { key: "zeta", label: "ZETA" },
      { key: OTHER_SERIES_KEY, label: "Other teams" },
    ]);
    expect(usd!.total).toBe(160n);
  });
});
