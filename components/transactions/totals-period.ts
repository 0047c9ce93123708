/** The days a transactions total covers, in words to follow a comma: its date filters (whole UTC days), or all time without them. */
export function totalsPeriodText(filters: { from?: string; to?: string }): string {
  if (filters.from && filters.to) return filters.from === filters.to ? `${filters.from} (UTC)` : `${filters.from} to ${filters.to} (UTC)`;
  if (filters.from) return `since ${filters.from} (UTC)`;
  if (filters.to) return `up to ${filters.to} (UTC)`;
  return "all time";
}
