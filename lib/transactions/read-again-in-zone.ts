import { formatZoned, parseProviderTime } from "@/lib/time";

/**
 * The instant a stored time names once its provider's wall-clock time is read in `toZone` instead of `fromZone`: the
 * provider's own text is written back from the stored instant (formatZoned) and read again as the adapters read it
 * (parseProviderTime), so a time moved here is exactly the time a later read of the provider's list stores. A wall
 * time a DST change repeats is its earlier instant and one it skips moves forward by the gap, as there; PostgreSQL's
 * `AT TIME ZONE` takes the later instant of a repeated hour, so it would disagree with the next re-read once a year.
 * Milliseconds are kept as they were.
 */
export function readAgainInZone(at: Date, fromZone: string, toZone: string): Date {
  const milliseconds = String(((at.getTime() % 1000) + 1000) % 1000).padStart(3, "0");
  return parseProviderTime(`${formatZoned(at, fromZone)}.${milliseconds}`, toZone)!;
}
