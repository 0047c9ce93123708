/** Used share of a limit in whole percent, clamped to 0–100, computed in bigint so large limits stay exact. */
export function usagePercent(used: bigint | null | undefined, limit: bigint | null | undefined): number | null {
  if (limit === null || limit === undefined || limit <= 0n) return null;
  const spent = used ?? 0n;
  if (spent <= 0n) return 0;
  if (spent >= limit) return 100;
  return Number((spent * 100n) / limit);
}
