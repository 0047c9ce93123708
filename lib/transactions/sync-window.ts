import { formatUtcDate } from "@/lib/format";

/** Calendar-date arithmetic for pull windows (YYYY-MM-DD, UTC). */
const DAY_MS = 86_400_000;

/** The v2 document's advice: ask in windows of at most 3 months. 90 days inclusive is always within that. */
export const MAX_WINDOW_DAYS = 90;
/** How far back the first pull of a new account reaches. */
export const INITIAL_BACKFILL_DAYS = 730;
/** Each sweep starts this long before the last transaction it saw, for late and out-of-order reports. */
export const SWEEP_OVERLAP_DAYS = 2;
/**
 * How far back an open authorisation still pulls a sweep's start. No provider document says how long an authorisation
 * may stay open (NobePay only names the end state, "EXPIRED:授权过期"; Cardepass v1's settleTime is only
 * "入账后，返回清算时间"); card networks let an authorisation stand at most about 31 days (extended hotel and car-rental holds) before
 * it is cleared or expires. An older one is stale at the provider too, and must not make every sweep re-read it.
 */
export const OPEN_AUTHORISATION_LOOKBACK_DAYS = 45;

export function addDays(date: string, days: number): string {
  return formatUtcDate(new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS));
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

/**
 * The latest calendar date it is anywhere now (UTC+14). Providers read a pull's dates as their own local days
 * (Cardepass and Card OPEN-API in China, UTC+8): ending a pull at the UTC date would leave out what happened after
 * their midnight until UTC's. Asking up to this date reaches the provider's today, whatever its zone.
 */
export function latestLocalDate(now: Date): string {
  return formatUtcDate(new Date(now.getTime() + 14 * 3_600_000));
}

/** The oldest open authorisation that still anchors a sweep (see OPEN_AUTHORISATION_LOOKBACK_DAYS). */
export function openAuthorisationHorizon(now: Date): Date {
  return new Date(now.getTime() - OPEN_AUTHORISATION_LOOKBACK_DAYS * DAY_MS);
}

/** The oldest day any pull reaches: an account's first pull, and a card's first read once the account has been pulled. */
export function backfillFloor(now: Date): string {
  return addDays(formatUtcDate(now), -INITIAL_BACKFILL_DAYS);
}

/** The first window of a sweep: from shortly before what was seen last (or a recent open authorisation), to today. */
export function sweepStart(params: {
  now: Date;
  lastSeenAt: Date | null;
  oldestOpenAuthorisation: Date | null;
}): string {
  const today = formatUtcDate(params.now);
  const floor = backfillFloor(params.now);
  // Never pulled yet: an authorisation that came by webhook first must not shorten the account's first pull.
  if (params.lastSeenAt === null) return floor;
  const openAuthorisation =
    params.oldestOpenAuthorisation && params.oldestOpenAuthorisation >= openAuthorisationHorizon(params.now)
      ? params.oldestOpenAuthorisation
      : null;
  const anchors = [params.lastSeenAt, openAuthorisation].filter((at): at is Date => at !== null);
  if (anchors.length === 0) return floor;
  const earliest = anchors.reduce((a, b) => (a < b ? a : b));
  const start = addDays(formatUtcDate(earliest), -SWEEP_OVERLAP_DAYS);
  return start < floor ? floor : minDate(start, today);
}

/** The window that starts at `from`: at most MAX_WINDOW_DAYS days, never past today. */
export function windowFrom(from: string, today: string): { windowFrom: string; windowTo: string } {
  return { windowFrom: from, windowTo: minDate(addDays(from, MAX_WINDOW_DAYS - 1), today) };
}
