/**
 * Provider timestamps → UTC instants. Providers send ISO strings with `Z` or `+08:00`
 * (sometimes with 7 fractional digits), epoch milliseconds, or naive
 * `YYYY-MM-DD HH:mm:ss` strings that are wall-clock times in the account's time zone.
 */

export class TimeParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TimeParseError";
  }
}

const ISO_WITH_ZONE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})$/i;
const NAIVE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?$/;

function fractionToMs(fraction: string | undefined): number {
  return fraction ? Number(fraction.padEnd(3, "0").slice(0, 3)) : 0;
}

function checkedDate(ms: number, raw: unknown): Date {
  if (!Number.isFinite(ms)) throw new TimeParseError(`"${String(raw)}" is not a valid time`);
  return new Date(ms);
}

type WallClock = { year: number; month: number; day: number; hour: number; minute: number; second: number; ms: number };

/** The fields read as UTC, refused when Date.UTC would roll them over (Feb 30 → Mar 2, 24:30 → next day 00:30). */
function realWallClockMs(fields: WallClock, raw: string): number {
  const ms = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second, fields.ms);
  const back = new Date(ms);
  const same =
    back.getUTCFullYear() === fields.year &&
    back.getUTCMonth() === fields.month - 1 &&
    back.getUTCDate() === fields.day &&
    back.getUTCHours() === fields.hour &&
    back.getUTCMinutes() === fields.minute &&
    back.getUTCSeconds() === fields.second;
  if (!same) throw new TimeParseError(`"${raw}" is not a real time`);
  return ms;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    offsetFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Offset of `timeZone` from UTC at instant `utcMs`, in milliseconds. */
export function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? "0");
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

const DAY_MS = 86_400_000;

/**
 * Wall-clock fields in `timeZone` → UTC instant (ms). A wall time a DST change skips is moved forward by the gap (read
 * with the offset in force just before it); one it repeats is the earlier of its two instants.
 */
export function zonedToUtcMs(fields: WallClock, timeZone: string): number {
  const naive = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second, fields.ms);
  // A day either side is past any change around this wall time; each offset is a candidate reading of it.
  const offsetBefore = zoneOffsetMs(naive - DAY_MS, timeZone);
  const offsetAfter = zoneOffsetMs(naive + DAY_MS, timeZone);
  const readings = [naive - offsetBefore, naive - offsetAfter].filter((utc) => utc + zoneOffsetMs(utc, timeZone) === naive);
  return readings.length > 0 ? Math.min(...readings) : naive - offsetBefore;
}

/** Groups 1–7 of ISO_WITH_ZONE and NAIVE alike: year, month, day, hour, minute, second, fraction. */
function wallClock([, y, mo, d, h, mi, s, frac]: RegExpExecArray): WallClock {
  return {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h ?? 0),
    minute: Number(mi ?? 0),
    second: Number(s ?? 0),
    ms: fractionToMs(frac),
  };
}

/**
 * Parse a provider time. Returns null for null/undefined/"" (providers use those for "none").
 * Numbers and all-digit strings are epoch milliseconds; naive strings use `timeZone`.
 */
export function parseProviderTime(value: unknown, timeZone = "UTC"): Date | null {
  if (value === null || value === undefined || value === "") return null;
  if (value instanceof Date) return checkedDate(value.getTime(), value);
  if (typeof value === "number") return checkedDate(Number.isInteger(value) ? value : Number.NaN, value);
  if (typeof value !== "string") throw new TimeParseError(`"${String(value)}" is not a valid time`);
  const text = value.trim();
  if (/^\d{9,}$/.test(text)) return checkedDate(Number(text), value);

  const zoned = ISO_WITH_ZONE.exec(text);
  if (zoned) {
    const zone = zoned[8];
    const base = realWallClockMs(wallClock(zoned), value);
    if (!zone || zone.toUpperCase() === "Z") return checkedDate(base, value);
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMinutes = Number(digits.slice(2));
    if (offsetHours > 23 || offsetMinutes > 59) throw new TimeParseError(`"${value}" is not a real time`);
    return checkedDate(base - sign * (offsetHours * 60 + offsetMinutes) * 60_000, value);
  }

  const naive = NAIVE.exec(text);
  if (naive) {
    const fields = wallClock(naive);
    realWallClockMs(fields, value);
    return checkedDate(zonedToUtcMs(fields, timeZone), value);
  }
  throw new TimeParseError(`"${value}" is not a valid time`);
}

/** A calendar date "YYYY-MM-DD" (validated), as providers take in query strings. */
export function parseCalendarDate(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) throw new TimeParseError(`"${value}" is not a date in the form YYYY-MM-DD`);
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (date.toISOString().slice(0, 10) !== value) throw new TimeParseError(`"${value}" is not a real date`);
  return value;
}

/** UTC instant → "YYYY-MM-DD HH:mm:ss" wall clock in `timeZone` (for naive-time providers). */
export function formatZoned(date: Date, timeZone: string): string {
  const local = new Date(date.getTime() + zoneOffsetMs(date.getTime(), timeZone));
  return local.toISOString().slice(0, 19).replace("T", " ");
}
