/**
 * What an account's sources in one currency can pay, summed, and how many of them the provider gave no balance for.
 * A source without a reading is not zero: the sum leaves it out, and the screen must say so rather than show a part
 * as the whole.
 */
export function availableInCurrency(balances: readonly { currency: string; available: bigint | null }[], currency: string): { available: bigint | null; sources: number; unreported: number } {
  const inCurrency = balances.filter((balance) => balance.currency === currency);
  const read = inCurrency.filter((balance) => balance.available !== null);
  return {
    available: read.length === 0 ? null : read.reduce((sum, balance) => sum + balance.available!, 0n),
    sources: inCurrency.length,
    unreported: inCurrency.length - read.length,
  };
}
