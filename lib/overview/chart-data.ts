import type { DailySpendRow } from "@/db/queries/overview-spend";
import { currencyExponent } from "@/lib/money";

export type ChartSeries = { key: string; label: string };

/** One currency's spend by day: a row for every calendar day of the window, a value for every series (0 when none). */
export type CurrencySpendChart = {
  currency: string;
  series: ChartSeries[];
  days: { day: string; values: Record<string, bigint>; total: bigint }[];
  total: bigint;
};

function eachDay(from: Date, to: Date): string[] {
  const days: string[] = [];
  const cursor = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  const end = Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate());
  while (cursor.getTime() <= end) {
    days.push(cursor.toISOString().slice(0, 10));
    cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
  return days;
}

/** The chart's palette has five colours: beyond five series, the smallest are drawn as one. */
export const MAX_CHART_SERIES = 5;
/** The key of the folded series; no provider name, team id or "" (no team, no split) looks like it. */
export const OTHER_SERIES_KEY = "*other";

/** A series' spend over the whole window. */
export type SeriesTotal = { key: string; total: bigint };

/**
 * Which series a chart draws on their own: all of them when there are at most MAX_CHART_SERIES, otherwise the
 * MAX_CHART_SERIES - 1 that spent most over the window (ties broken by key); the rest are drawn as one. Null when
 * nothing is folded. The team rollup read (db/queries/overview-team-spend.ts) folds by this rule too.
 */
export function keptSeriesKeys(series: readonly SeriesTotal[]): Set<string> | null {
  if (series.length <= MAX_CHART_SERIES) return null;
  const largest = [...series]
    .sort((a, b) => (a.total === b.total ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : a.total > b.total ? -1 : 1))
    .slice(0, MAX_CHART_SERIES - 1)
    .map((entry) => entry.key);
  return new Set(largest);
}

/**
 * Daily rows → one chart per currency (amounts of different currencies are never added together), each covering
 * every day from `from` to `to` so gaps read as days without spend, series in a stable order; on to the last day a row
 * holds when that is later (a provider clock a little ahead of ours stamps a row tomorrow: "this month" counts it, so
 * the chart beside it draws it). A currency with more
 * than MAX_CHART_SERIES series keeps the ones that spent most over the window and adds the rest up as `otherLabel`
 * (last), so two hundred teams stay a readable chart and table; the totals are unchanged. Rows that arrive already
 * folded (key OTHER_SERIES_KEY) are drawn the same way.
 */
export function spendCharts(
  rows: readonly DailySpendRow[],
  from: Date,
  to: Date,
  labelOf: (row: DailySpendRow) => string = (row) => row.seriesLabel,
  otherLabel = "Others",
): CurrencySpendChart[] {
  const lastDay = rows.reduce((latest, row) => {
    const day = new Date(`${row.day}T00:00:00Z`);
    return day > latest ? day : latest;
  }, to);
  const days = eachDay(from, lastDay);
  const currencies = [...new Set(rows.map((row) => row.currency))].sort();
  return currencies.map((currency) => {
    const mine = rows.filter((row) => row.currency === currency);
    const series = new Map<string, { label: string; total: bigint }>();
    for (const row of mine) {
      const entry = series.get(row.seriesKey) ?? { label: row.seriesKey === OTHER_SERIES_KEY ? otherLabel : labelOf(row), total: 0n };
      entry.total += row.spent;
      series.set(row.seriesKey, entry);
    }
    const kept = keptSeriesKeys([...series.entries()].map(([key, { total }]) => ({ key, total })));
    const seriesOf = (key: string) => (kept === null || kept.has(key) ? key : OTHER_SERIES_KEY);
    const own = [...series.entries()]
      .filter(([key]) => key !== OTHER_SERIES_KEY && seriesOf(key) === key)
      .map(([key, { label }]) => ({ key, label }))
      .sort((a, b) => a.label.localeCompare(b.label));
    const folded = kept !== null || series.has(OTHER_SERIES_KEY);
    const ordered: ChartSeries[] = folded ? [...own, { key: OTHER_SERIES_KEY, label: otherLabel }] : own;
    const byDay = new Map<string, Record<string, bigint>>();
    for (const row of mine) {
      const values = byDay.get(row.day) ?? {};
      const key = seriesOf(row.seriesKey);
      values[key] = (values[key] ?? 0n) + row.spent;
      byDay.set(row.day, values);
    }
    const filled = days.map((day) => {
      const values: Record<string, bigint> = {};
      for (const { key } of ordered) values[key] = byDay.get(day)?.[key] ?? 0n;
      return { day, values, total: Object.values(values).reduce((sum, value) => sum + value, 0n) };
    });
    return { currency, series: ordered, days: filled, total: filled.reduce((sum, day) => sum + day.total, 0n) };
  });
}

/** What the chart library plots: major units as numbers (display only; every figure a person reads is exact text). */
export type PlotPoint = { day: string } & Record<string, number | string>;

export function plotPoints(chart: CurrencySpendChart): PlotPoint[] {
  const scale = 10 ** currencyExponent(chart.currency);
  return chart.days.map(({ day, values }) => {
    const point: PlotPoint = { day };
    chart.series.forEach(({ key }, index) => {
      point[`s${index}`] = Number(values[key] ?? 0n) / scale;
    });
    return point;
  });
}
