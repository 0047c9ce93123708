import { EmptyState } from "@/components/layout/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { plotPoints, type CurrencySpendChart } from "@/lib/overview/chart-data";
import { moneyAxisDecimals, moneyAxisTicks } from "@/lib/overview/money-axis";
import { formatMoney, formatUtcDate } from "@/lib/format";
import { currencyExponent } from "@/lib/money";
import { LazySpendChart } from "./spend-chart-lazy";

/** shadcn's chart palette, per theme, scoped to the charts (the bars read var(--chart-n)). */
const CHART_COLORS = [
  "grid gap-6",
  "[--chart-1:oklch(0.646_0.222_41.116)] [--chart-2:oklch(0.6_0.118_184.704)] [--chart-3:oklch(0.398_0.07_227.392)]",
  "[--chart-4:oklch(0.828_0.189_84.429)] [--chart-5:oklch(0.769_0.188_70.08)]",
  "dark:[--chart-1:oklch(0.488_0.243_264.376)] dark:[--chart-2:oklch(0.696_0.17_162.48)] dark:[--chart-3:oklch(0.769_0.188_70.08)]",
  "dark:[--chart-4:oklch(0.627_0.265_303.9)] dark:[--chart-5:oklch(0.645_0.246_16.439)]",
].join(" ");

function daySummary(chart: CurrencySpendChart, split: boolean): string {
  const peak = chart.days.reduce((best, day) => (day.total > best.total ? day : best), chart.days[0]!);
  const activeDays = chart.days.filter((day) => day.total !== 0n).length;
  const first = chart.days[0]!.day;
  const last = chart.days.at(-1)!.day;
  const parts = [
    `${formatMoney(chart.total, chart.currency)} spent from ${formatUtcDate(new Date(`${first}T00:00:00Z`))} to ${formatUtcDate(new Date(`${last}T00:00:00Z`))}`,
    `${activeDays} of ${chart.days.length} days with spend`,
  ];
  if (peak.total > 0n) parts.push(`highest on ${formatUtcDate(new Date(`${peak.day}T00:00:00Z`))} at ${formatMoney(peak.total, chart.currency)}`);
  if (split) {
    parts.push(
      chart.series
        .map((series) => `${series.label} ${formatMoney(chart.days.reduce((sum, day) => sum + (day.values[series.key] ?? 0n), 0n), chart.currency)}`)
        .join(", "),
    );
  }
  return `${parts.join("; ")}.`;
}

/** The chart's money axis: marks up to the highest day's total (the bars are stacked), in major units. */
function axisOf(chart: CurrencySpendChart, exponent: number): { ticks: number[]; tickDecimals: number } {
  const highest = chart.days.reduce((top, day) => (day.total > top ? day.total : top), 0n);
  const ticks = moneyAxisTicks(highest);
  return { ticks: ticks.map((tick) => Number(tick) / 10 ** exponent), tickDecimals: moneyAxisDecimals(ticks, exponent) };
}

/**
 * One chart per currency. The bars are drawn in the browser for sighted users; the summary sentence and the table
 * (days with spend, every series) carry the same figures as text for everyone, screen readers included.
 */
export function SpendByDay({ charts, title, idPrefix, split = false }: { charts: CurrencySpendChart[]; title: string; idPrefix: string; split?: boolean }) {
  if (charts.length === 0) return <EmptyState title="No spend in this period">Purchases appear here once a provider reports them.</EmptyState>;
  return (
    <div className={CHART_COLORS}>
      {charts.map((chart) => {
        const headingId = `${idPrefix}-${chart.currency}`;
        const exponent = currencyExponent(chart.currency);
        const withSpend = chart.days.filter((day) => day.total !== 0n);
        return (
          <figure key={chart.currency} aria-labelledby={headingId} className="grid gap-2">
            <figcaption className="grid gap-0.5">
              <span id={headingId} className="text-sm font-medium">
                {title} in {chart.currency}
              </span>
              <span className="text-muted-foreground text-sm" data-testid={`${idPrefix}-summary-${chart.currency}`}>
                {daySummary(chart, split)}
              </span>
            </figcaption>
            <LazySpendChart currency={chart.currency} fractionDigits={exponent} {...axisOf(chart, exponent)} series={chart.series} points={plotPoints(chart)} legend={split} />
            <details className="text-sm">
              <summary className="text-muted-foreground hover:text-foreground w-fit cursor-pointer underline-offset-4 hover:underline">
                Show as a table ({withSpend.length} {withSpend.length === 1 ? "day" : "days"} with spend)
              </summary>
              <Table aria-label={`${title} in ${chart.currency}, by day`} className="mt-2">
                <TableHeader>
                  <TableRow>
                    <TableHead scope="col">Day</TableHead>
                    {split
                      ? chart.series.map((series) => (
                          <TableHead scope="col" key={series.key} className="text-right">
                            {series.label}
                          </TableHead>
                        ))
                      : null}
                    <TableHead scope="col" className="text-right">
                      Total
                    </TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {withSpend.map((day) => (
                    <TableRow key={day.day}>
                      <TableHead scope="row" className="font-normal">
                        {formatUtcDate(new Date(`${day.day}T00:00:00Z`))}
                      </TableHead>
                      {split
                        ? chart.series.map((series) => (
                            <TableCell key={series.key} className="text-right tabular-nums">
                              {formatMoney(day.values[series.key] ?? 0n, chart.currency)}
                            </TableCell>
                          ))
                        : null}
                      <TableCell className="text-right font-medium tabular-nums">{formatMoney(day.total, chart.currency)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </details>
          </figure>
        );
      })}
    </div>
  );
}
