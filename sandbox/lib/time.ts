/** Wire time formats. Cardepass mixes Z and +08:00; cardopenapi uses "YYYY-MM-DD HH:mm:ss". */

export function isoZ(date: Date): string {
  return date.toISOString();
}

/** "2025-04-23T11:13:17.6917032+08:00": the +08:00 local time with 7 fraction digits. */
export function isoPlus8(date: Date): string {
  const shifted = new Date(date.getTime() + 8 * 3600_000).toISOString();
  return `${shifted.slice(0, 23)}0000+08:00`;
}

/** "2023-11-24 02:53:47" in UTC. */
export function plainDateTime(date: Date | null): string {
  if (!date) return "";
  return date.toISOString().slice(0, 19).replace("T", " ");
}

export function yyyymmdd(date: Date): string {
  return date.toISOString().slice(0, 10).replace(/-/g, "");
}

/** Parses a date filter: "2025-04-21" (whole day, UTC) or any ISO date-time. */
export function parseDateFilter(value: string | null, endOfDay: boolean): Date | null {
  if (!value) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return new Date(`${value}T${endOfDay ? "23:59:59.999" : "00:00:00.000"}Z`);
  }
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}
