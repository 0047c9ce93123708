/**
 * A money axis a person reads at a glance: marks from 0 to just above the highest value, in at most `maxSteps` equal
 * steps of 1, 2, 2.5 or 5 times a power of ten, never finer than the currency's smallest unit. Minor units in and out
 * (integers, so no mark is a rounded float: an axis of $0.65 steps printed "$0.7" misread the bars).
 */
export function moneyAxisTicks(topMinor: bigint, maxSteps = 4): bigint[] {
  if (topMinor <= 0n) return [0n, 1n];
  const top = Number(topMinor);
  const least = top / maxSteps;
  let step = 1;
  for (let power = 1; step < least; power *= 10) {
    step = [1, 2, 2.5, 5, 10].map((multiple) => multiple * power).find((candidate) => Number.isInteger(candidate) && candidate >= least) ?? 10 * power;
  }
  const steps = Math.ceil(top / step);
  return Array.from({ length: steps + 1 }, (_, index) => BigInt(index * step));
}

/** How many decimals the marks need: none when every mark is a whole unit of the currency ($0, $5, $10). */
export function moneyAxisDecimals(ticks: readonly bigint[], exponent: number): number {
  const unit = 10n ** BigInt(exponent);
  return ticks.every((tick) => tick % unit === 0n) ? 0 : exponent;
}
