// Not in lib/format.ts, which most client components import: only the overview shows a change in percent.

const tenthsFormat = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/**
 * A change in tenths of a percent → "+13,060.4%" or "−2.5%": grouped like the money beside it, with the minus sign
 * formatMoney uses. Intl formats the exact decimal string, so no float ever holds the figure.
 */
export function formatPercentChange(tenths: bigint): string {
  const magnitude = tenths < 0n ? -tenths : tenths;
  const decimal = `${magnitude / 10n}.${magnitude % 10n}`;
  return `${tenths < 0n ? "−" : "+"}${tenthsFormat.format(decimal as unknown as number)}%`;
}
