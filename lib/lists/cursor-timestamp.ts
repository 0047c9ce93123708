import { z } from "zod";

/** The one form the lists write a time in: to_char(... at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'). */
const WRITTEN_FORM = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * A page cursor's time, taken only in the form the lists write it and only as a real instant PostgreSQL holds: the list
 * casts it with `::timestamptz`, and JavaScript reads text PostgreSQL refuses ("1", 30 February, year 0), which would
 * fail the query instead of showing the first page with a notice.
 */
export function cursorTimestamp() {
  return z.string().refine((value) => {
    const form = WRITTEN_FORM.exec(value);
    if (!form || Number(form[1]) < 1) return false;
    const instant = new Date(value);
    // A day or hour past its end (30 February, 24:00) rolls over into the next: the same text back means it was real.
    return !Number.isNaN(instant.getTime()) && instant.toISOString().slice(0, 19) === value.slice(0, 19);
  });
}
