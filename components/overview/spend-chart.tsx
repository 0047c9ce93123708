"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import type { NameType, ValueType } from "recharts/types/component/DefaultTooltipContent";
import type { ChartSeries, PlotPoint } from "@/lib/overview/chart-data";

export type SpendChartProps = {
  currency: string;
  fractionDigits: number;
  /** The money axis's marks in major units, 0 first (lib/overview/money-axis.ts), and the decimals they need. */
  ticks: number[];
  tickDecimals: number;
  series: ChartSeries[];
  points: PlotPoint[];
  legend: boolean;
};

const COLORS = ["var(--chart-1)", "var(--chart-2)", "var(--chart-3)", "var(--chart-4)", "var(--chart-5)"];

function dayLabel(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
}

function moneyFormat(currency: string, fractionDigits: number, compact = false): Intl.NumberFormat {
  return new Intl.NumberFormat("en-US", {
    style: "currency",
    currency,
    notation: compact ? "compact" : "standard",
    // Compact marks ("$20K", "$1.25K") keep up to two decimals of the thousands: no mark is shown rounded.
    minimumFractionDigits: compact ? 0 : fractionDigits,
    maximumFractionDigits: compact ? 2 : fractionDigits,
  });
}

function ChartTooltip({ active, payload, label, format, series }: TooltipContentProps<ValueType, NameType> & { format: Intl.NumberFormat; series: ChartSeries[] }) {
  if (!active || !payload?.length) return null;
  return (
    <div className="bg-popover text-popover-foreground grid min-w-36 gap-1 rounded-md border px-3 py-2 text-xs shadow-md">
      <p className="font-medium">{dayLabel(String(label))}</p>
      {payload.map((item) => {
        const index = Number(String(item.dataKey).slice(1));
        return (
          <p key={String(item.dataKey)} className="flex items-center justify-between gap-3">
            <span className="flex items-center gap-1.5">
              <span aria-hidden className="size-2 rounded-sm" style={{ background: COLORS[index % COLORS.length] }} />
              {series[index]?.label}
            </span>
            <span className="font-mono tabular-nums">{format.format(Number(item.value))}</span>
          </p>
        );
      })}
    </div>
  );
}

/**
 * Spend by day as stacked bars, one colour per series, in the theme's chart colours. Drawn in the browser only: the
 * figures themselves are in the text summary and table the server renders beside it (what screen readers read).
 * The drawing is hidden from assistive technology, so Recharts' keyboard layer is off: it would make the hidden
 * chart a tab stop that a screen reader announces as nothing.
 */
export default function SpendChart({ currency, fractionDigits, ticks, tickDecimals, series, points, legend }: SpendChartProps) {
  const exact = moneyFormat(currency, fractionDigits);
  const top = ticks[ticks.length - 1] ?? 0;
  const axis = moneyFormat(currency, tickDecimals, top >= 10_000);
  return (
    <div aria-hidden className="grid gap-2">
      <BarChart data={points} responsive accessibilityLayer={false} style={{ width: "100%", height: 224 }} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke="var(--border)" />
        <XAxis dataKey="day" tickFormatter={dayLabel} tickLine={false} axisLine={false} minTickGap={24} tick={{ fill: "var(--muted-foreground)", fontSize: 12 }} />
        <YAxis domain={[0, top]} ticks={ticks} interval={0} tickFormatter={(value: number) => axis.format(value)} tickLine={false} axisLine={false} width={56} tick={{ fill: "var(--muted-foreground)", fontSize: 12 }} />
        <Tooltip cursor={{ fill: "var(--muted)" }} content={(props) => <ChartTooltip {...props} format={exact} series={series} />} />
        {series.map((item, index) => (
          <Bar key={item.key} dataKey={`s${index}`} stackId="spend" fill={COLORS[index % COLORS.length]} isAnimationActive={false} />
        ))}
      </BarChart>
      {legend ? (
        <ul className="text-muted-foreground flex flex-wrap gap-x-4 gap-y-1 text-xs">
          {series.map((item, index) => (
            <li key={item.key} className="flex items-center gap-1.5">
              <span className="size-2.5 rounded-sm" style={{ background: COLORS[index % COLORS.length] }} />
              {item.label}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
