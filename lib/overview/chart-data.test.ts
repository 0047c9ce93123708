import { describe, expect, it } from "vitest";
import { plotPoints, spendCharts } from "./chart-data";

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

  it("plots major units by the currency's exponent", () => {
    const [jpy] = spendCharts([row("2026-11-01", "JPY", "a", 1500n)], new Date("2026-11-01T00:00:00Z"), new Date("2026-11-01T00:00:00Z"));
    expect(plotPoints(jpy!)).toEqual([{ day: "2026-11-01", s0: 1500 }]);
    const [usd] = spendCharts([row("2026-11-01", "USD", "a", 1234n)], new Date("2026-11-01T00:00:00Z"), new Date("2026-11-01T00:00:00Z"));
    expect(plotPoints(usd!)).toEqual([{ day: "2026-11-01", s0: 12.34 }]);
  });
});
